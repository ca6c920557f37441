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
import java.time.Instant;
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
        // Slack answers in 100-300 ms; every call below waits that long for its answer.
        bot.fake.delayEachCall(Duration.ofMillis(300));
        long started = System.nanoTime();
        // As Slack sends what Alice typed ("R&D database <primary> down <!channel> *bold*"): & < > as entities.
        HttpResponse<String> ack = bot.inGeneral("sev1 R&amp;D database &lt;primary&gt; down <!channel> *bold*");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // The ack: ephemeral, says what is happening, within Slack's 3 seconds, user text escaped once.
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(ack.statusCode()).isEqualTo(200);
        JsonNode body = SlackBot.json(ack);
        assertThat(body.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(body.path("text").asText()).startsWith("Declaring INC-1 ")
                .contains("R&amp;D database &lt;primary&gt; down @channel *bold*")
                .doesNotContain("<!channel>", "&amp;amp;", "&amp;lt;");

        await().atMost(WAIT).until(() -> bot.methodsAfterStart().size() >= 7);
        bot.awaitDrained();
        // The purpose (the bot's mark on its channel) is set beside the round trips, never in their way.
        List<FakeSlackWebApi.Call> calls = bot.fake.calls().stream()
                .filter(c -> !c.method().equals("auth.test") && !c.method().equals("conversations.setPurpose")).toList();
        // Three round trips: the create; then topic, invitation, initial post and announcement at once; then the pin.
        assertThat(calls).hasSize(6);
        assertThat(calls.get(0).method()).isEqualTo("conversations.create");
        assertThat(calls.subList(1, 5)).extracting(FakeSlackWebApi.Call::method).containsExactlyInAnyOrder(
                "conversations.setTopic", "conversations.invite", "chat.postMessage", "chat.postMessage");
        assertThat(calls.get(5).method()).isEqualTo("pins.add");
        assertThat(bot.fake.maxInFlight()).isIn(4, 5);
        List<FakeSlackWebApi.Answered> answers = bot.fake.answered().stream()
                .filter(a -> !a.call().method().equals("auth.test")).toList();
        Instant created = answers.stream().filter(a -> a.call().method().equals("conversations.create"))
                .findFirst().orElseThrow().at();
        assertThat(calls.subList(1, 6)).allSatisfy(c -> assertThat(c.at()).isAfterOrEqualTo(created));

        // conversations.create: a valid name from the default pattern inc-<yyyymmdd>-<n>-<slug>, public.
        FakeSlackWebApi.Call create = calls.get(0);
        assertThat(create.param("name")).matches("inc-\\d{8}-1-r-d-database-primary-down-channel-bold");
        assertThat(create.param("is_private")).isIn("0", "false");
        ConversationRef channel = bot.channelOf(1);
        assertThat(channel.name()).isEqualTo(create.param("name"));
        assertThat(bot.fake.channel(channel.id())).get().satisfies(c -> {
            assertThat(c.name()).isEqualTo(create.param("name"));
            assertThat(c.members()).contains(ALICE, FakeSlackWebApi.BOT_USER_ID);
        });

        // conversations.setPurpose, beside the round trips: the mark that lets a retry after a crash adopt this channel.
        await().atMost(Duration.ofSeconds(10)).until(() -> !bot.fake.calls("conversations.setPurpose").isEmpty());
        assertThat(bot.fake.calls("conversations.setPurpose").get(0).param("purpose"))
                .startsWith("Incident channel opened by incident-bot (ref ");

        FakeSlackWebApi.Call topic = bot.fake.calls("conversations.setTopic").get(0);
        assertThat(topic.param("channel")).isEqualTo(channel.id());
        assertThat(topic.param("topic")).isEqualTo(
                "SEV1 · declared · no IC yet · R&amp;D database &lt;primary&gt; down @channel *bold*");

        FakeSlackWebApi.Call invite = bot.fake.calls("conversations.invite").get(0);
        assertThat(invite.param("channel")).isEqualTo(channel.id());
        assertThat(List.of(invite.param("users").split(","))).contains(ALICE);

        // The initial message: Block Kit with header, fields and the four buttons; the title escaped once everywhere.
        FakeSlackWebApi.Call initial = bot.fake.calls("chat.postMessage").stream()
                .filter(c -> c.param("channel").equals(channel.id())).findFirst().orElseThrow();
        assertThat(initial.param("text")).contains("R&amp;D database &lt;primary&gt; down @channel *bold*")
                .doesNotContain("<!channel>", "&amp;amp;");
        assertThat(initial.param("blocks")).doesNotContain("<!channel>", "&amp;amp;");
        FakeSlackWebApi.Message posted = bot.initialMessage(1);
        JsonNode blocks = posted.blocks();
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("text").asText()).contains("SEV1")
                .contains("R&amp;D database &lt;primary&gt; down @channel *bold*");
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

        // Pinned: exactly that message, asked for only once its post was answered.
        FakeSlackWebApi.Call pin = calls.get(5);
        assertThat(pin.param("channel")).isEqualTo(channel.id());
        assertThat(pin.param("timestamp")).isEqualTo(posted.ts());
        Instant initialAnswered = answers.stream().filter(a -> a.call() == initial).findFirst().orElseThrow().at();
        assertThat(pin.at()).isAfterOrEqualTo(initialAnswered);
        assertThat(bot.fake.channel(channel.id()).orElseThrow().pins()).containsExactly(posted.ts());

        // The announcement in #general, with a link to the new channel and nobody pinged.
        FakeSlackWebApi.Call announcement = bot.fake.calls("chat.postMessage").stream()
                .filter(c -> c.param("channel").equals(bot.general)).findFirst().orElseThrow();
        assertThat(announcement.param("blocks")).contains("<#" + channel.id() + ">")
                .contains("R&amp;D database &lt;primary&gt; down @channel").doesNotContain("<!channel>", "&amp;amp;")
                // bold as Slack reads it: no space just inside the asterisks
                .contains("*🚨 INC-1 SEV1 declared:* R&amp;D");
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
                .contains("/incident update [progress:] &lt;text&gt;");
        assertThat(SlackBot.json(bot.inGeneral("sev1")).path("text").asText())
                .contains("/incident &lt;severity&gt; &lt;title&gt;");

        // Nothing was declared, nothing queued, nothing sent to Slack.
        assertThat(bot.app.drain(Duration.ofMillis(500))).isTrue();
        assertThat(bot.incidentCount()).isZero();
        assertThat(bot.methodsAfterStart()).isEmpty();
        assertThat(bot.fake.responseUrlPosts()).isEmpty();
    }
}
