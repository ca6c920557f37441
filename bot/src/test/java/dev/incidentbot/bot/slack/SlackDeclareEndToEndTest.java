package dev.incidentbot.bot.slack;

import static dev.incidentbot.bot.slack.SlackBot.ALICE;
import static dev.incidentbot.bot.slack.SlackBot.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /incident sev1 ...} in a channel, through Bolt on the bot's Jetty, against the fake Slack Web API. */
class SlackDeclareEndToEndTest {

    @TempDir
    Path dir;
    private SlackBot bot;

    @BeforeEach
    void start() {
        bot = new SlackBot(dir);
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    @Test
    void declaringOpensAChannelInvitesTheDeclarerPostsPinsSetsTheTopicAndAnnounces() {
        // Warm up the request path once (class loading), as a running bot is; help changes nothing.
        assertThat(SlackBot.json(bot.inGeneral("help")).path("text").asText()).contains("/incident update");
        long started = System.nanoTime();
        HttpResponse<String> ack = bot.inGeneral("sev1 checkout <!channel> *bold*");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // The ack: ephemeral, says what is happening, within Slack's 3 seconds, user text escaped.
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(ack.statusCode()).isEqualTo(200);
        JsonNode body = SlackBot.json(ack);
        assertThat(body.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(body.path("text").asText()).startsWith("Declaring INC-1 ")
                .contains("checkout &lt;!channel&gt; *bold*").doesNotContain("<!channel>");

        await().atMost(WAIT).until(() -> bot.methodsAfterStart().size() >= 6);
        await().atMost(WAIT).until(() -> bot.app.drain(Duration.ofMillis(100)));
        List<FakeSlackWebApi.Call> calls = bot.fake.calls().stream()
                .filter(c -> !c.method().equals("auth.test")).toList();
        assertThat(calls).extracting(FakeSlackWebApi.Call::method).containsExactly(
                "conversations.create", "conversations.setPurpose", "conversations.setTopic", "conversations.invite", "chat.postMessage",
                "pins.add", "chat.postMessage");

        // conversations.create: a valid name from the default pattern inc-<yyyymmdd>-<n>-<slug>, public.
        FakeSlackWebApi.Call create = calls.get(0);
        assertThat(create.param("name")).matches("inc-\\d{8}-1-checkout-channel-bold");
        assertThat(create.param("is_private")).isIn("0", "false");
        ConversationRef channel = bot.channelOf(1);
        assertThat(channel.name()).isEqualTo(create.param("name"));
        assertThat(bot.fake.channel(channel.id())).get().satisfies(c -> {
            assertThat(c.name()).isEqualTo(create.param("name"));
            assertThat(c.members()).contains(ALICE, FakeSlackWebApi.BOT_USER_ID);
        });

        // conversations.setPurpose: the mark that lets a retry after a crash adopt this channel instead of opening -2.
        assertThat(calls.get(1).param("purpose")).startsWith("Incident channel opened by incident-bot (ref ");

        FakeSlackWebApi.Call topic = calls.get(2);
        assertThat(topic.param("channel")).isEqualTo(channel.id());
        assertThat(topic.param("topic")).startsWith("SEV1 · declared · no IC yet · checkout");

        FakeSlackWebApi.Call invite = calls.get(3);
        assertThat(invite.param("channel")).isEqualTo(channel.id());
        assertThat(List.of(invite.param("users").split(","))).contains(ALICE);

        // The initial message: Block Kit with header, fields and the four buttons; the title escaped everywhere.
        FakeSlackWebApi.Call initial = calls.get(4);
        assertThat(initial.param("channel")).isEqualTo(channel.id());
        assertThat(initial.param("text")).contains("checkout &lt;!channel&gt; *bold*").doesNotContain("<!channel>");
        assertThat(initial.param("blocks")).doesNotContain("<!channel>");
        FakeSlackWebApi.Message posted = bot.initialMessage(1);
        JsonNode blocks = posted.blocks();
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("text").asText()).contains("SEV1")
                .contains("checkout &lt;!channel&gt; *bold*");
        List<String> fields = new ArrayList<>();
        List<String> buttons = new ArrayList<>();
        for (JsonNode block : blocks) {
            block.path("fields").forEach(f -> fields.add(f.path("text").asText()));
            if (block.path("type").asText().equals("actions")) {
                block.path("elements").forEach(b -> buttons.add(b.path("text").path("text").asText()));
            }
        }
        assertThat(fields).anySatisfy(f -> assertThat(f).startsWith("*STATUS*").contains("Declared"))
                .anySatisfy(f -> assertThat(f).startsWith("*SEVERITY*").contains("SEV1"))
                .anySatisfy(f -> assertThat(f).startsWith("*DECLARED BY*").contains("<@" + ALICE + ">"));
        assertThat(buttons).containsExactly("Acknowledge", "I'm commander", "Post update", "Resolve");

        // pinned: exactly that message
        assertThat(calls.get(5).param("channel")).isEqualTo(channel.id());
        assertThat(calls.get(5).param("timestamp")).isEqualTo(posted.ts());
        assertThat(bot.fake.channel(channel.id()).orElseThrow().pins()).containsExactly(posted.ts());

        // The announcement in #general, with a link to the new channel and nobody pinged.
        FakeSlackWebApi.Call announcement = calls.get(6);
        assertThat(announcement.param("channel")).isEqualTo(bot.general);
        assertThat(announcement.param("blocks")).contains("<#" + channel.id() + ">")
                .contains("checkout &lt;!channel&gt;").doesNotContain("<!channel>")
                // bold as Slack reads it: no space just inside the asterisks
                .contains("*🚨 INC-1 SEV1 declared:* checkout");
        assertThat(bot.texts(bot.general)).singleElement().asString().contains("INC-1").contains("SEV1");

        assertThat(bot.timelineTypes(1)).containsExactly("declared");
    }

    @Test
    void parseErrorsAreAnsweredInTheAckWithUsageAndChangeNothing() {
        List<String> wrong = List.of("", "sev1", "sevX checkout down", "update", "note", "resolve INC-1",
                "frobnicate the database");
        for (String text : wrong) {
            HttpResponse<String> ack = bot.inGeneral(text);
            assertThat(ack.statusCode()).as(text).isEqualTo(200);
            JsonNode body = SlackBot.json(ack);
            assertThat(body.path("response_type").asText()).as(text).isEqualTo("ephemeral");
            assertThat(body.path("text").asText()).as(text).contains("/incident");
        }
        assertThat(SlackBot.json(bot.inGeneral("update")).path("text").asText())
                .contains("/incident update &lt;progress&gt;");
        assertThat(SlackBot.json(bot.inGeneral("sev1")).path("text").asText())
                .contains("/incident &lt;severity&gt; &lt;title&gt;");

        // Nothing was declared, nothing queued, nothing sent to Slack.
        assertThat(bot.app.drain(Duration.ofMillis(500))).isTrue();
        assertThat(bot.incidentCount()).isZero();
        assertThat(bot.methodsAfterStart()).isEmpty();
        assertThat(bot.fake.responseUrlPosts()).isEmpty();
    }
}
