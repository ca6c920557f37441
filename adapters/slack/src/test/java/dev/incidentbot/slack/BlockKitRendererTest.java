package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlockKitRendererTest {

    private static final String HOSTILE = "<!channel> *bold* <script>alert(1)</script> & <@U999> <https://evil|x>";
    private final BlockKitRenderer renderer = new BlockKitRenderer(
            email -> Optional.ofNullable(Map.of("alice@example.com", "U0ALICE1").get(email)));

    @Test
    void userTextCannotPingLinkOrInjectMarkup() {
        RichMessage message = new RichMessage(Text.plain(HOSTILE), List.of(new Block.Paragraph(Text.plain(HOSTILE)),
                new Block.Fields(List.of(new Block.Field("Impact", Text.plain(HOSTILE)))), new Block.Code(HOSTILE)),
                List.of(), Text.plain(HOSTILE));
        String json = renderer.blocks(message).toString() + renderer.fallbackText(message);

        assertThat(json).doesNotContain("<!channel>", "<script>", "<@U999>", "<https://");
        assertThat(renderer.blocks(message).get(1).path("text").path("text").asText())
                .isEqualTo("&lt;!channel&gt; *bold* &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;@U999&gt; "
                        + "&lt;https://evil|x&gt;");
        for (JsonNode block : renderer.blocks(message)) {
            block.findValues("verbatim").forEach(v -> assertThat(v.asBoolean()).isTrue());
        }
    }

    @Test
    void deliberateMentionsAndChannelLinksBecomeSlackSyntax() {
        Text text = Text.of(new Span.Strong("IC"), new Span.Plain(": "), new Span.Mention("U0BOB001", "bob"),
                new Span.Plain(" "), new Span.Mention("S0ONCALL1", "oncall"), new Span.Plain(" "),
                new Span.Mention("alice@example.com", "alice"), new Span.Plain(" "),
                new Span.Mention("nobody@example.com", "nobody"), new Span.Plain(" "),
                new Span.Mention("@oncall-primary", "@oncall-primary"), new Span.Plain(" in "),
                new Span.ConversationLink(new ConversationRef("C0INC0001", "inc-1")));
        assertThat(renderer.mrkdwn(text, 3000)).isEqualTo(
                "*IC*: <@U0BOB001> <!subteam^S0ONCALL1> <@U0ALICE1> @nobody @oncall-primary in <#C0INC0001>");
    }

    @Test
    void linksBecomeSlackLinksEscapedOnceAndOthersStayText() {
        Text text = Text.of(new Span.Link("https://grafana.example/d/abc?from=1&to=2", "R&D <board> | x"),
                new Span.Plain(" "), new Span.Link("https://x.example/a|b", "pipe"),
                new Span.Plain(" "), new Span.Link("https://x.example/", "https://x.example/"), new Span.Plain(" "),
                new Span.Link("!channel", "all"), new Span.Plain(" "), new Span.Link("@U0BOB001", "bob"));
        assertThat(renderer.mrkdwn(text, 3000)).isEqualTo(
                "<https://grafana.example/d/abc?from=1&amp;to=2|R&amp;D &lt;board&gt; | x> <https://x.example/a%7Cb|pipe> "
                        + "<https://x.example/|https://x.example/> "
                        + "all (!channel) bob (@U0BOB001)");
    }

    @Test
    void boldKeepsSpacesOutsideTheAsterisksSoSlackStillReadsItAsBold() {
        Text text = Text.of(new Span.Strong("🚨 INC-1 SEV1 declared: "), new Span.Plain("checkout"),
                new Span.Strong("  <b> "), new Span.Strong(" "));
        assertThat(renderer.mrkdwn(text, 3000)).isEqualTo("*🚨 INC-1 SEV1 declared:* checkout  *&lt;b&gt;* ");
    }

    @Test
    void rendersHeaderSectionsFieldsCodeContextAndButtons() {
        RichMessage message = new RichMessage(Text.plain("INC-7 checkout down"),
                List.of(new Block.Paragraph(Text.plain("Impact & scope")),
                        new Block.Fields(List.of(new Block.Field("Severity", Text.plain("SEV1")),
                                new Block.Field("Status", Text.plain("investigating")))),
                        new Block.Code("$ curl -s api\n```HTTP 500 <html>")),
                List.of(Button.of("ack", "Acknowledge", "INC-7", "/incident ack").asPrimary(),
                        Button.of("resolve", "Resolve", "INC-7", "/incident resolve")),
                Text.plain("declared by alice"));
        ArrayNode blocks = renderer.blocks(message);

        assertThat(blocks).extracting(b -> b.path("type").asText())
                .containsExactly("header", "section", "section", "section", "actions", "context");
        assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(2).path("fields").get(0).path("text").asText()).isEqualTo("*Severity*\nSEV1");
        String code = blocks.get(3).path("text").path("text").asText();
        assertThat(code).startsWith("```\n").endsWith("\n```").contains("&lt;html&gt;")
                .doesNotContain("\n```HTTP");
        JsonNode ack = blocks.get(4).path("elements").get(0);
        assertThat(ack.path("action_id").asText()).isEqualTo("ack");
        assertThat(ack.path("value").asText()).isEqualTo("INC-7");
        assertThat(ack.path("style").asText()).isEqualTo("primary");
        assertThat(blocks.get(4).path("elements").get(1).has("style")).isFalse();
        assertThat(renderer.fallbackText(message)).contains("INC-7 checkout down", "Impact &amp; scope",
                "Acknowledge: /incident ack");
    }

    @Test
    void aFormButtonCarriesItsFormAndDecodesBack() {
        Button update = Button.of("update", "Post update", "INC-7", "/incident update <text>")
                .withForm(List.of(new Button.FormInput("text", "Update", true, true, "What changed?")));
        JsonNode element = renderer.blocks(new RichMessage(Text.empty(), List.of(), List.of(update), Text.empty()))
                .get(0).path("elements").get(0);

        assertThat(element.path("action_id").asText()).isEqualTo("form:update");
        ButtonForms.PendingForm form = ButtonForms.decode(element.path("action_id").asText(),
                element.path("value").asText()).orElseThrow();
        assertThat(form.actionId()).isEqualTo("update");
        assertThat(form.value()).isEqualTo("INC-7");
        assertThat(form.inputs()).containsExactly(new Button.FormInput("text", "Update", true, true, "What changed?"));
        assertThat(ButtonForms.decode("update", "INC-7")).isEmpty();
    }

    @Test
    void truncatesToSlackLimitsWithAMarker() {
        String longText = "x".repeat(5000);
        RichMessage message = new RichMessage(Text.plain("h".repeat(300)),
                List.of(new Block.Paragraph(Text.plain(longText)), new Block.Code(longText)), List.of(), Text.empty());
        ArrayNode blocks = renderer.blocks(message);

        assertThat(blocks.get(0).path("text").path("text").asText()).hasSize(150).endsWith("…");
        assertThat(blocks.get(1).path("text").path("text").asText()).hasSize(3000).endsWith("…");
        assertThat(blocks.get(2).path("text").path("text").asText()).hasSizeLessThanOrEqualTo(3000).endsWith("\n```");
    }

    @Test
    void truncationNeverSplitsAnEntityOrAMention() {
        Text text = Text.of(new Span.Plain("&".repeat(10)), new Span.Mention("U0BOB001", "bob"));
        String rendered = renderer.mrkdwn(text, 55);
        assertThat(rendered).isEqualTo("&amp;".repeat(10) + "…");
        assertThat(renderer.mrkdwn(Text.plain("ab🚨"), 3)).isEqualTo("ab…");
    }

    @Test
    void keepsAtMostFiftyBlocksButAlwaysTheButtonsAndContext() {
        List<Block> many = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            many.add(new Block.Paragraph(Text.plain("line " + i)));
        }
        RichMessage message = new RichMessage(Text.plain("header"), many,
                List.of(Button.of("ack", "Acknowledge", "INC-7", "/incident ack")), Text.plain("context"));
        ArrayNode blocks = renderer.blocks(message);

        assertThat(blocks).hasSize(50);
        assertThat(blocks.get(48).path("type").asText()).isEqualTo("actions");
        assertThat(blocks.get(49).path("elements").get(0).path("text").asText()).isEqualTo("context");
        assertThat(blocks.get(47).path("elements").get(0).path("text").asText())
                .isEqualTo(BlockKitRenderer.TRUNCATED_NOTE);
    }
}
