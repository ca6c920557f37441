package dev.incidentbot.bot.command;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Text as attackers and careless people type it: markup, mentions, invisible and reordering characters, breaks. */
final class HostileText {
    static final List<String> FRAGMENTS = List.of("sev1", "sev9", "SEV2", "p0", "drill", "update", "note", "run",
            "status:", "impact:", "eta:", "root cause:", "INC-7", "INC--1", "INC-1x", "inc-99999999999999999999",
            "#inc7", "@alice", "<@U0ALICE1>", "<!channel>", "<!here>", "@room", "@everyone", "<b>", "</p>",
            "<script>", "&amp;", "&lt;", "*bold*", "_it_", "`x`", "[l](http://e)", "LEAD: @carol", "# HEAD",
            "> ctx", " ", "  ", "\t", "\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085", "\u000b", "\u0000", "\u0001m0\u0002",
            "\u007f", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u2066", "\u2069",
            "\u200e", "\u061c", "e\u0301", "\u00e9", "\ud83d\udd25", "\ud83d\udc68\u200d\ud83d\udc69", "\ud800",
            "\udc00", "\uffff", "\ufdd0", "\u0430", "Ａ", "x", "checkout", "500s", "=", "due:2026-13-45",
            "due:2026-12-01", "{opt}", "$(id)", ";rm -rf /", "'\"");

    private HostileText() {
    }

    /** Mostly fragments glued together, sometimes any characters at all. */
    static Arbitrary<String> any() {
        Arbitrary<String> glued = Arbitraries.of(FRAGMENTS).list().ofMaxSize(24).map(parts -> String.join("", parts));
        Arbitrary<String> spaced = Arbitraries.of(FRAGMENTS).list().ofMaxSize(16).map(parts -> String.join(" ", parts));
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(120);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, glued), net.jqwik.api.Tuple.of(4, spaced),
                net.jqwik.api.Tuple.of(2, anything));
    }
}
