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
}
