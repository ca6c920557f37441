package dev.incidentbot.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The Matrix renderer over generated hostile text: the HTML holds only the renderer's own tags, pings only the
 * deliberate mention, and has one {@code <br>} per line break typed; the plain body has no line the HTML lacks.
 */
class HtmlEscapingProperties {
    private static final List<String> OWN_TAGS = List.of("<h4>", "</h4>", "<p>", "</p>", "<ul>", "</ul>", "<li>",
            "</li>", "<strong>", "</strong>", "<em>", "</em>", "<br>");
    private final MatrixRenderer renderer = new MatrixRenderer(List.of("!incident"), "example.org");

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> glued = Arbitraries.of("<script>alert(1)</script>", "<a href=\"https://matrix.to/#/@eve:x\">",
                "@room", "@eve:example.org", "<br>", "</p>", "<h1>", "&amp;", "&", "<", ">", "\"", "'", "\n", "\r",
                "\r\n", "\u2028", "\u2029", "\u0085", "LEAD: @carol", "# head", "é", "\ud83d\udd25", " ", "x")
                .list().ofMaxSize(20).map(parts -> String.join("", parts));
        return Arbitraries.frequencyOf(Tuple.of(3, glued), Tuple.of(1, Arbitraries.strings().all().ofMaxLength(80)));
    }

    @Property(tries = 10_000)
    void userTextNeverBecomesMarkupOrAPing(@ForAll("text") String title, @ForAll("text") String value) {
        RichMessage message = new RichMessage(Text.plain(title),
                List.of(new Block.Paragraph(Text.of(new Span.Plain(value), new Span.Mention("@alice:example.org",
                                "alice"))),
                        new Block.Fields(List.of(new Block.Field("PROGRESS", Text.of(new Span.Strong(value)))))),
                List.of(), Text.plain(title));

        MatrixRenderer.Rendered out = renderer.render(message);

        assertThat(out.mentionedUserIds()).containsExactly("@alice:example.org");
        String link = "<a href=\"" + MatrixIds.userLink("@alice:example.org").replace("&", "&amp;") + "\">@alice</a>";
        assertThat(out.html()).containsOnlyOnce(link);
        String html = out.html().replace(link, "");
        for (String tag : OWN_TAGS) {
            html = html.replace(tag, "");
        }
        assertThat(html).doesNotContain("<", ">", "\r", "\u2028", "\u2029", "\u0085");
        long typed = 2 * newlines(title) + 2 * newlines(value);
        assertThat(count(out.html(), "<br>")).isEqualTo(typed);
        // header, paragraph, field, context: four lines plus one per typed break, never more
        assertThat(out.body().split("\n", -1).length).isLessThanOrEqualTo(4 + (int) typed);
        assertThat(out.body()).doesNotContain("\r", "\u2028", "\u2029", "\u0085");
    }

    private static long newlines(String s) {
        return s.chars().filter(c -> c == '\n').count();
    }

    private static long count(String s, String what) {
        return (s.length() - s.replace(what, "").length()) / what.length();
    }
}
