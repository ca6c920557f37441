package dev.incidentbot.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixRendererTest {
    private final MatrixRenderer renderer = new MatrixRenderer(List.of("!incident", "/incident"), "example.org");

    @Test
    void userTextIsEscapedAndOnlyMentionsOfUserIdsPing() {
        RichMessage message = RichMessage.of(Text.of(new Span.Plain("<img src=x onerror=alert(1)> & @room \"q\" 'a'\nnext"),
                new Span.Strong("<i>label</i>"),
                new Span.Mention("@bob:example.org", "Bob <B>"),
                new Span.Mention("@oncall-primary", "oncall-primary")));

        MatrixRenderer.Rendered rendered = renderer.render(message);

        assertThat(rendered.html()).isEqualTo("<p>&lt;img src=x onerror=alert(1)&gt; &amp; @room &quot;q&quot; &#39;a&#39;"
                + "<br>next<strong>&lt;i&gt;label&lt;/i&gt;</strong>"
                + "<a href=\"https://matrix.to/#/@bob:example.org\">@Bob &lt;B&gt;</a>@oncall-primary</p>");
        assertThat(rendered.body()).isEqualTo("<img src=x onerror=alert(1)> & @room \"q\" 'a'\nnext<i>label</i>@Bob <B>@oncall-primary");
        assertThat(rendered.mentionedUserIds()).containsExactly("@bob:example.org");
    }

    @Test
    void linksBecomeAnchorsEscapedAndOnlyWebLinksAreLive() {
        RichMessage message = RichMessage.of(Text.of(new Span.Plain("see "),
                new Span.Link("https://grafana.example/d/abc?a=1&b=\"2\"", "R&D <board>"), new Span.Plain(" or "),
                new Span.Link("javascript:alert(1)", "click")));

        MatrixRenderer.Rendered rendered = renderer.render(message);

        assertThat(rendered.html()).isEqualTo("<p>see <a href=\"https://grafana.example/d/abc?a=1&amp;b=&quot;2&quot;\">"
                + "R&amp;D &lt;board&gt;</a> or click (javascript:alert(1))</p>");
        assertThat(rendered.body()).isEqualTo(
                "see R&D <board> (https://grafana.example/d/abc?a=1&b=\"2\") or click (javascript:alert(1))");
    }

    @Test
    void buttonsBecomeTheCommandToTypeWithTheEverydayPrefix() {
        RichMessage message = RichMessage.text("SEV1 declared").withActions(List.of(
                Button.of("commander", "Take command", "7", "/incident commander"),
                Button.of("runbook", "Runbook <docs>", "7", "open https://wiki/runbook")));

        MatrixRenderer.Rendered rendered = renderer.render(message);

        assertThat(rendered.body()).isEqualTo("SEV1 declared\nTake command: type !incident commander\n"
                + "Runbook <docs>: type open https://wiki/runbook");
        assertThat(rendered.html()).contains("<p><strong>Take command:</strong> type <code>!incident commander</code></p>")
                .contains("<strong>Runbook &lt;docs&gt;:</strong>");
    }

    @Test
    void headerFieldsCodeContextAndRoomLinks() {
        RichMessage message = new RichMessage(Text.plain("SEV2"),
                List.of(new Block.Fields(List.of(new Block.Field("STATUS", Text.plain("<open>")))),
                        new Block.Code("a < b\n"),
                        new Block.Paragraph(Text.of(new Span.Plain("see "),
                                new Span.ConversationLink(new ConversationRef("!abc", "inc-1-db"))))),
                List.of(), Text.plain("next update in 30 min"));

        MatrixRenderer.Rendered rendered = renderer.render(message);

        assertThat(rendered.html()).isEqualTo("<h4>SEV2</h4><ul><li><strong>STATUS:</strong> &lt;open&gt;</li></ul>"
                + "<pre><code>a &lt; b\n</code></pre>"
                + "<p>see <a href=\"https://matrix.to/#/!abc?via=example.org\">#inc-1-db</a></p>"
                + "<p><em>next update in 30 min</em></p>");
        assertThat(rendered.body()).isEqualTo("SEV2\nSTATUS: <open>\na < b\n"
                + "see #inc-1-db (https://matrix.to/#/!abc?via=example.org)\nnext update in 30 min");
        assertThat(rendered.mentionedUserIds()).isEmpty();
    }
}
