package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The Slack renderer over generated hostile text: plain and bold text never becomes markup, a link or a ping
 * (Slack reads {@code <...>} as a link or mention and {@code &...;} as an entity), and adds no line the text lacks.
 */
class MrkdwnEscapingProperties {
    private static final Pattern BARE_AMPERSAND = Pattern.compile("&(?!amp;|lt;|gt;)");
    private final BlockKitRenderer renderer = new BlockKitRenderer(email -> Optional.empty());

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> glued = Arbitraries.of("<!channel>", "<!here|here>", "<@U0BOB0001>", "<#C0123|x>",
                "<http://evil.example|click>", "&amp;", "&lt;", "&", "<", ">", "*", "_", "~", "`", "```", "\n",
                "\r", "\r\n", "\u2028", "\u2029", "\u0085", "LEAD: @carol", "# head", "> quote", "@channel", "é",
                "\ud83d\udd25", " ", "x").list().ofMaxSize(20).map(parts -> String.join("", parts));
        return Arbitraries.frequencyOf(Tuple.of(3, glued), Tuple.of(1, Arbitraries.strings().all().ofMaxLength(80)));
    }

    @Property(tries = 10_000)
    void userTextAroundADeliberateMentionStaysText(@ForAll("text") String before, @ForAll("text") String after) {
        String out = renderer.mrkdwn(Text.of(new Span.Plain(before), new Span.Mention("U0ALICE01", "alice"),
                new Span.Plain(after), new Span.Strong(after)), 1_000_000);

        assertThat(out).containsOnlyOnce("<@U0ALICE01>");
        String rest = out.replace("<@U0ALICE01>", "");
        assertThat(rest).doesNotContain("<", ">", "\r", "\u2028", "\u2029", "\u0085");
        assertThat(BARE_AMPERSAND.matcher(rest).find()).as(rest).isFalse();
        // plain text keeps each typed break; bold text may drop one (a blank bold span is left out), never add one
        assertThat(newlines(out)).isBetween(breaks(before) + breaks(after), breaks(before) + 2 * breaks(after));
    }

    @Property(tries = 10_000)
    void theNotificationTextIsEscapedToo(@ForAll("text") String title, @ForAll("text") String value) {
        RichMessage message = new RichMessage(Text.plain(title),
                List.of(new Block.Fields(List.of(new Block.Field("PROGRESS", Text.plain(value))))), List.of(),
                Text.plain(title));

        String fallback = renderer.fallbackText(message);

        assertThat(fallback).doesNotContain("<", ">");
        assertThat(BARE_AMPERSAND.matcher(fallback).find()).isFalse();
        // mrkdwn objects are what Slack parses for links and mentions (plain_text is shown as it is)
        List<String> mrkdwn = renderer.blocks(message).findParents("type").stream()
                .filter(node -> node.path("type").asText().equals("mrkdwn")).map(node -> node.path("text").asText())
                .toList();
        assertThat(mrkdwn).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain("<", ">"));
    }

    private static long newlines(String s) {
        return s.chars().filter(c -> c == '\n').count();
    }

    /** The line breaks Slack would show: \n only (the renderer drops \r and turns U+2028/9, NEL into spaces). */
    private static long breaks(String s) {
        return newlines(s);
    }
}
