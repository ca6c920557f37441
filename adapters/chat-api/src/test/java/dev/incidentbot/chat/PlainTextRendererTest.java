package dev.incidentbot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlainTextRendererTest {

    @Test
    void rendersHeaderBlocksActionsAndContextInOrder() {
        RichMessage m = new RichMessage(Text.of(new Span.Strong("HEADER")),
                List.of(new Block.Paragraph(Text.of(new Span.Plain("Hi "), new Span.Mention("U1", "alice"),
                                new Span.Plain(", join "), new Span.ConversationLink(new ConversationRef("C1", "inc-1")))),
                        new Block.Fields(List.of(new Block.Field("STATUS", Text.plain("Declared")),
                                new Block.Field("LEAD", Text.of(new Span.Mention("U2", "@bob"))))),
                        new Block.Code("line 1\nline 2")),
                List.of(Button.of("ack", "Acknowledge", "1", "/incident ack"), Button.of("x", "Resolve", "1", "/incident resolve")),
                Text.plain("context"));
        assertThat(PlainTextRenderer.render(m)).isEqualTo(String.join("\n",
                "HEADER",
                "Hi @alice, join #inc-1",
                "STATUS: Declared",
                "LEAD: @bob",
                "line 1",
                "line 2",
                "Actions: Acknowledge: /incident ack | Resolve: /incident resolve",
                "context"));
        assertThat(m.mentions()).extracting(Span.Mention::target).containsExactly("U1", "U2");
    }

    @Test
    void plainTextIsNeverAMention() {
        RichMessage m = RichMessage.text("<!channel> @room <@U123>");
        assertThat(PlainTextRenderer.render(m)).isEqualTo("<!channel> @room <@U123>");
        assertThat(m.mentions()).isEmpty();
    }

    @Test
    void emptyPartsAreLeftOut() {
        assertThat(PlainTextRenderer.render(RichMessage.text("just this"))).isEqualTo("just this");
        assertThat(Text.plain("")).isEqualTo(Text.empty());
    }

    @Test
    void linksReadAsLabelAndUrlAndOnlyWebLinksAreSafe() {
        assertThat(PlainTextRenderer.render(Text.of(new Span.Plain("see "),
                new Span.Link("https://grafana.example/d/abc", "grafana"), new Span.Plain(" and "),
                new Span.Link("https://x.example/", "https://x.example/")))).isEqualTo(
                "see grafana (https://grafana.example/d/abc) and https://x.example/");
        assertThat(new Span.Link("https://grafana.example/d/abc?a=1&b=2", "g").isSafe()).isTrue();
        assertThat(new Span.Link("mailto:oncall@example.com", "mail").isSafe()).isTrue();
        assertThat(new Span.Link("!channel", "x").isSafe()).isFalse();
        assertThat(new Span.Link("javascript:alert(1)", "x").isSafe()).isFalse();
        assertThat(new Span.Link("https://a.example/ b", "x").isSafe()).isFalse();
    }

    @Test
    void aCommandKeepsItsSpansAndReadsAsPlainText() {
        Inbound.Command typed = new Inbound.Command(Text.of(new Span.Plain("note see "),
                new Span.Link("https://grafana.example/d/abc", "grafana"), new Span.Plain(" cc "),
                new Span.Mention("U0BOB", "bob")), Person.of("alice"), new ConversationRef("C1", "general"),
                new ReplyHandle("r"), "d1");
        assertThat(typed.text()).isEqualTo("note see grafana (https://grafana.example/d/abc) cc @bob");
        assertThat(new Inbound.Command("sev1 down", Person.of("a"), new ConversationRef("C1", "g"), new ReplyHandle("r"), "")
                .typed()).isEqualTo(Text.plain("sev1 down"));
    }
}
