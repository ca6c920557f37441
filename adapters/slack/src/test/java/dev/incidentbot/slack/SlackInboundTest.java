package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.SignedSlackClient;
import dev.incidentbot.slack.testing.SignedSlackClient.SlashCommand;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inbound half: signed requests through the real Bolt app on a real Jetty. */
class SlackInboundTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private SlackTestBed bed;
    private FakeSlackWebApi fake;
    private String general;

    @BeforeEach
    void start() {
        bed = new SlackTestBed().started();
        fake = bed.fake;
        fake.addUser("U0ALICE1", "alice", "alice@example.com");
        general = fake.addChannel("general", "U0ALICE1");
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    private SlashCommand incident(String text, String responseUrl) {
        return new SlashCommand("/incident", text, "U0ALICE1", "alice", general, "general", responseUrl,
                "13345224609.738474920.8088930838d88f008e0");
    }

    @Test
    void aSlashCommandReachesTheEngineAndItsReplyIsTheEphemeralAck() throws Exception {
        bed.answer = in -> Ack.reply("Declaring INC-7 <soon> & pinging nobody");
        String responseUrl = fake.newResponseUrl();

        HttpResponse<String> ack = bed.slack.slashCommand(incident("sev1 checkout returns 500s", responseUrl));

        assertThat(ack.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ack.body());
        assertThat(body.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(body.path("text").asText()).isEqualTo("Declaring INC-7 &lt;soon&gt; &amp; pinging nobody");
        assertThat(body.path("blocks").get(0).path("type").asText()).isEqualTo("section");

        assertThat(bed.received).singleElement().isInstanceOfSatisfying(Inbound.Command.class, c -> {
            assertThat(c.text()).isEqualTo("sev1 checkout returns 500s");
            assertThat(c.person()).isEqualTo(new Person("U0ALICE1", "alice"));
            assertThat(c.conversation()).isEqualTo(new ConversationRef(general, "general"));
            assertThat(c.deliveryId()).isEqualTo("13345224609.738474920.8088930838d88f008e0");
            assertThat(ReplyTarget.from(c.reply())).isEqualTo(new ReplyTarget(responseUrl, general, "U0ALICE1"));
        });
    }

    @Test
    void slacksEscapingIsDecodedOnceAndTypedLinksAndMentionsArriveAsSpans() {
        // As Slack sends a slash command with should_escape: entities for & < >, links and mentions in <...>.
        bed.slack.slashCommand(incident("update R&amp;D db &lt;primary&gt; back, see "
                + "<https://grafana.example/d/abc?from=1&amp;to=2|grafana> cc <@U0BOB001|bob> <!channel> "
                + "<!subteam^S0DBTEAM|@db-team>", fake.newResponseUrl()));

        assertThat(bed.received).singleElement().isInstanceOfSatisfying(Inbound.Command.class, c -> {
            assertThat(c.typed()).isEqualTo(Text.of(new Span.Plain("update R&D db <primary> back, see "),
                    new Span.Link("https://grafana.example/d/abc?from=1&to=2", "grafana"), new Span.Plain(" cc "),
                    new Span.Mention("U0BOB001", "bob"), new Span.Plain(" @channel @db-team")));
            assertThat(c.typed().mentions()).extracting(Span.Mention::target).containsExactly("U0BOB001");
        });
    }

    @Test
    void aSilentAckIsAnEmptyOk() {
        HttpResponse<String> ack = bed.slack.slashCommand(incident("commander", fake.newResponseUrl()));
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).isEmpty();
        assertThat(bed.received).hasSize(1);
    }

    @Test
    void nonAsciiTextSurvivesBothWaysUnderACLocale() throws Exception {
        bed.answer = in -> Ack.reply("Störung erfasst: " + ((Inbound.Command) in).text());
        String text = "sev2 Zahlungen schlagen fehl – café ☕ 🚨";

        HttpResponse<String> ack = bed.slack.slashCommand(incident(text, fake.newResponseUrl()));

        assertThat(((Inbound.Command) bed.received.get(0)).text()).isEqualTo(text);
        assertThat(JSON.readTree(ack.body()).path("text").asText()).isEqualTo("Störung erfasst: " + text);
    }

    @Test
    void theAckDoesNotWaitForASlowWebApi() {
        fake.delayEachCall(Duration.ofSeconds(10));
        // An e-mail mention nobody looked up yet: rendering the ack must not ask Slack.
        bed.answer = in -> new Ack.Reply(RichMessage.of(Text.of(new Span.Plain("Paging "),
                new Span.Mention("alice@example.com", "alice"))));

        long started = System.nanoTime();
        HttpResponse<String> ack = bed.slack.slashCommand(incident("sev1 db down", fake.newResponseUrl()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(ack.body()).contains("@alice");
        assertThat(fake.calls("users.lookupByEmail")).isEmpty();
    }

    @Test
    void unsignedOrBadlySignedRequestsAre401AndReachNobody() {
        byte[] body = SignedSlackClient.form(Map.of("command", "/incident", "text", "sev1 x", "user_id", "U0ALICE1",
                "channel_id", general));
        String form = "application/x-www-form-urlencoded";
        long now = Clock.systemUTC().instant().getEpochSecond();
        SignedSlackClient past = new SignedSlackClient(bed.endpoint, SlackTestBed.SECRET,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5).minusSeconds(2)));
        SignedSlackClient future = new SignedSlackClient(bed.endpoint, SlackTestBed.SECRET,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5).plusSeconds(2)));
        SignedSlackClient impostor = new SignedSlackClient(bed.endpoint, "not-the-secret");

        assertThat(bed.slack.send(body, form, Map.of()).statusCode()).isEqualTo(401);
        assertThat(bed.slack.send(body, form, Map.of("X-Slack-Request-Timestamp", Long.toString(now)))
                .statusCode()).isEqualTo(401);
        assertThat(bed.slack.send(body, form, Map.of("X-Slack-Request-Timestamp", Long.toString(now),
                "X-Slack-Signature", "v0=" + "0".repeat(64))).statusCode()).isEqualTo(401);
        assertThat(impostor.sendSigned(body, form, Map.of()).statusCode()).isEqualTo(401);
        assertThat(past.sendSigned(body, form, Map.of()).statusCode()).isEqualTo(401);
        assertThat(future.sendSigned(body, form, Map.of()).statusCode()).isEqualTo(401);
        assertThat(bed.received).isEmpty();

        assertThat(bed.slack.sendSigned(body, form, Map.of()).statusCode()).isEqualTo(200);
        assertThat(bed.received).hasSize(1);
    }

    @Test
    void answersSlacksUrlVerificationChallenge() {
        ObjectNode challenge = SignedSlackClient.sample("url_verification.json");
        HttpResponse<String> response = bed.slack.sendSigned(challenge.toString().getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(challenge.get("challenge").asText());
    }

    @Test
    void acknowledgesSlacksSslCheck() {
        HttpResponse<String> response = bed.slack.sendSigned(
                SignedSlackClient.form(Map.of("ssl_check", "1", "token", "legacy-verification-token")),
                "application/x-www-form-urlencoded", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(bed.received).isEmpty();
    }

    @Test
    void aCorrectlySignedNonAsciiJsonEventIsAcceptedUnderACLocale() {
        ObjectNode event = SignedSlackClient.sample("event_callback.message.json");
        ((ObjectNode) event.get("event")).put("text", "Zahlung fehlgeschlagen – café ☕ 🚨");

        HttpResponse<String> response = bed.slack.event(event, 0);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(bed.received).isEmpty(); // not an event the bot acts on, but acknowledged so Slack won't retry
    }

    @Test
    void aButtonClickIsAnActionAndAReplyGoesToTheResponseUrl() {
        bed.answer = in -> Ack.reply("You acknowledged INC-7");
        String responseUrl = fake.newResponseUrl();

        HttpResponse<String> ack = bed.slack.blockAction("U0ALICE1", "alice", general, "general", "ack", "INC-7",
                responseUrl, "trigger-1");

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(bed.received).singleElement().isInstanceOfSatisfying(Inbound.Action.class, a -> {
            assertThat(a.actionId()).isEqualTo("ack");
            assertThat(a.value()).isEqualTo("INC-7");
            assertThat(a.person()).isEqualTo(new Person("U0ALICE1", "alice"));
            assertThat(a.conversation()).isEqualTo(new ConversationRef(general, "general"));
            assertThat(a.deliveryId()).isEqualTo("trigger-1");
        });
        await().atMost(WAIT).until(() -> !fake.responseUrlPosts().isEmpty());
        assertThat(fake.responseUrlPosts().get(0).body().path("text").asText()).isEqualTo("You acknowledged INC-7");
        assertThat(fake.responseUrlPosts().get(0).body().path("response_type").asText()).isEqualTo("ephemeral");
    }

    @Test
    void aFormButtonOpensAModalAndItsSubmissionReachesTheEngine() throws Exception {
        Button resolve = Button.of("resolve", "Resolve", "INC-7", "/incident resolve <summary>")
                .withForm(List.of(new Button.FormInput("summary", "Resolution summary", true, true, "What fixed it?"),
                        new Button.FormInput("cause", "Root cause", false, false, "")));
        ConversationRef channel = new ConversationRef(general, "general");
        String ts = bed.platform.post(channel, new RichMessage(Text.plain("INC-7"), List.of(), List.of(resolve),
                Text.empty()), "k").id();
        JsonNode blocks = fake.messages(general).stream().filter(m -> m.ts().equals(ts)).findFirst().orElseThrow()
                .blocks();
        fake.delayEachCall(Duration.ofSeconds(10));

        long started = System.nanoTime();
        HttpResponse<String> click = bed.slack.clickButton(blocks, "Resolve", "U0ALICE1", "alice", general, "general",
                fake.newResponseUrl(), "trig-2");

        assertThat(click.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(bed.received).isEmpty();
        await().atMost(WAIT).until(() -> fake.lastOpenedView().isPresent());
        assertThat(fake.calls("views.open").get(0).param("trigger_id")).isEqualTo("trig-2");
        JsonNode view = fake.lastOpenedView().orElseThrow();
        assertThat(view.path("type").asText()).isEqualTo("modal");
        assertThat(view.path("title").path("text").asText()).isEqualTo("Resolve");
        assertThat(view.path("blocks")).extracting(b -> b.path("block_id").asText())
                .containsExactly("summary", "cause");
        assertThat(view.path("blocks").get(0).path("optional").asBoolean()).isFalse();
        assertThat(view.path("blocks").get(0).path("element").path("multiline").asBoolean()).isTrue();
        assertThat(view.path("blocks").get(1).path("optional").asBoolean()).isTrue();
        fake.delayEachCall(Duration.ZERO);

        // Slack sends the view back on submit; first the engine rejects it, then accepts it.
        bed.answer = in -> ((Inbound.FormSubmission) in).values().get("summary").length() < 10
                ? new Ack.FormErrors(Map.of("summary", "Say a little more"))
                : Ack.reply("Resolved INC-7");
        HttpResponse<String> rejected = bed.slack.submitView(view, Map.of("summary", "fixed"), "U0ALICE1", "alice",
                "trig-3");
        assertThat(rejected.statusCode()).isEqualTo(200);
        JsonNode errors = JSON.readTree(rejected.body());
        assertThat(errors.path("response_action").asText()).isEqualTo("errors");
        assertThat(errors.path("errors").path("summary").asText()).isEqualTo("Say a little more");

        HttpResponse<String> accepted = bed.slack.submitView(view,
                Map.of("summary", "rolled back the deploy", "cause", "bad flag"), "U0ALICE1", "alice", "trig-4");
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEmpty(); // closes the modal

        assertThat(bed.received).hasSize(2).last().isInstanceOfSatisfying(Inbound.FormSubmission.class, f -> {
            assertThat(f.actionId()).isEqualTo("resolve");
            assertThat(f.value()).isEqualTo("INC-7");
            assertThat(f.values()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("summary", "rolled back the deploy", "cause", "bad flag"));
            assertThat(f.person().id()).isEqualTo("U0ALICE1");
            assertThat(f.conversation()).isEqualTo(channel);
            assertThat(f.deliveryId()).isEqualTo("trig-4");
        });
        await().atMost(WAIT).until(() -> !fake.responseUrlPosts().isEmpty());
        assertThat(fake.responseUrlPosts().get(0).body().path("text").asText()).isEqualTo("Resolved INC-7");
    }

    @Test
    void aPinReactionFetchesTheMessageAndHandsItOver() {
        String ts = fake.addMessage(general, "U0ALICE1", "Rolled back to v41 – errors dropping");

        HttpResponse<String> ack = bed.slack.event(
                SignedSlackClient.reactionAdded("Ev0PIN0001", "U0ALICE1", "pushpin", general, ts, "U0ALICE1"), 0);

        assertThat(ack.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> bed.received.size() == 1);
        assertThat(bed.received.get(0)).isInstanceOfSatisfying(Inbound.Reaction.class, r -> {
            assertThat(r.emoji()).isEqualTo("pushpin");
            assertThat(r.person().id()).isEqualTo("U0ALICE1");
            assertThat(r.conversation().id()).isEqualTo(general);
            assertThat(r.messageId()).isEqualTo(ts);
            assertThat(r.author().id()).isEqualTo("U0ALICE1");
            assertThat(r.text()).isEqualTo("Rolled back to v41 – errors dropping");
            assertThat(r.permalink()).endsWith("/archives/" + general + "/p" + ts.replace(".", ""));
            assertThat(r.deliveryId()).isEqualTo("Ev0PIN0001");
        });
        FakeSlackWebApi.Call history = fake.calls("conversations.history").get(0);
        assertThat(history.param("latest")).isEqualTo(ts);
        assertThat(history.param("limit")).isEqualTo("1");
    }

    @Test
    void aPinOnAThreadReplyIsFoundWithConversationsRepliesAndPeopleAreNamed() {
        fake.addUser("U0BOB001", "bob", "bob@example.com", "Bob B", "Bob Builder");
        String parent = fake.addMessage(general, "U0ALICE1", "what broke?");
        String reply = fake.addThreadReply(general, parent, "U0BOB001", "R&amp;D db back since "
                + "<https://grafana.example/d/abc|the rollback>");

        bed.slack.event(SignedSlackClient.reactionAdded("Ev0THREAD1", "U0ALICE1", "pushpin", general, reply,
                "U0BOB001"), 0);
        await().atMost(WAIT).until(() -> bed.received.size() == 1);
        bed.slack.event(SignedSlackClient.reactionAdded("Ev0THREAD2", "U0ALICE1", "pushpin", general, reply,
                "U0BOB001"), 0);
        await().atMost(WAIT).until(() -> bed.received.size() == 2);
        assertThat(bed.received.get(0)).isInstanceOfSatisfying(Inbound.Reaction.class, r -> {
            assertThat(r.messageId()).isEqualTo(reply);
            assertThat(r.author()).isEqualTo(new Person("U0BOB001", "Bob B"));
            assertThat(r.person()).isEqualTo(new Person("U0ALICE1", "alice"));
            assertThat(r.text()).isEqualTo("R&D db back since the rollback (https://grafana.example/d/abc)");
        });
        FakeSlackWebApi.Call replies = fake.calls("conversations.replies").get(0);
        assertThat(replies.param("ts")).isEqualTo(reply);
        // Names come from users.info once per person, then from the cache.
        assertThat(fake.calls("users.info")).extracting(c -> c.param("user"))
                .containsExactlyInAnyOrder("U0BOB001", "U0ALICE1");
    }

    @Test
    void aPinOnAMessageNobodyCanFindIsDropped() {
        bed.slack.event(SignedSlackClient.reactionAdded("Ev0GONE", "U0ALICE1", "pushpin", general, "1700000000.999999",
                "U0ALICE1"), 0);
        await().atMost(WAIT).until(() -> fake.calls("conversations.replies").size() == 1);
        String ts = fake.addMessage(general, "U0ALICE1", "found it");
        bed.slack.event(SignedSlackClient.reactionAdded("Ev0FOUND", "U0ALICE1", "pushpin", general, ts, "U0ALICE1"), 0);
        await().atMost(WAIT).until(() -> !bed.received.isEmpty());
        assertThat(bed.received).extracting(Inbound::deliveryId).containsExactly("Ev0FOUND");
    }

    @Test
    void otherReactionsAndTheBotsOwnAreIgnored() {
        String ts = fake.addMessage(general, "U0ALICE1", "hello");
        bed.slack.event(SignedSlackClient.reactionAdded("Ev1", "U0ALICE1", "thumbsup", general, ts, "U0ALICE1"), 0);
        bed.slack.event(SignedSlackClient.reactionAdded("Ev2", FakeSlackWebApi.BOT_USER_ID, "pushpin", general, ts,
                "U0ALICE1"), 0);
        bed.slack.event(SignedSlackClient.reactionAdded("Ev3", "U0ALICE1", "pushpin", general, ts, "U0ALICE1"), 0);

        await().atMost(WAIT).until(() -> bed.received.size() == 1);
        assertThat(bed.received.get(0).deliveryId()).isEqualTo("Ev3");
        assertThat(fake.calls("conversations.history")).hasSize(1);
    }

    @Test
    void slacksRetriesArePassedOnWithTheSameDeliveryId() {
        String ts = fake.addMessage(general, "U0ALICE1", "cause found");
        ObjectNode event = SignedSlackClient.reactionAdded("Ev0RETRY1", "U0ALICE1", "pushpin", general, ts,
                "U0ALICE1");

        assertThat(bed.slack.event(event, 0).statusCode()).isEqualTo(200);
        assertThat(bed.slack.event(event, 1).statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> bed.received.size() == 2);
        assertThat(bed.received).extracting(Inbound::deliveryId).containsExactly("Ev0RETRY1", "Ev0RETRY1");
    }

    @Test
    void aRateLimitedFetchIsTriedAgainAfterRetryAfter() {
        String ts = fake.addMessage(general, "U0ALICE1", "mitigated");
        fake.failNext("conversations.history", 1, new FakeSlackWebApi.Failure.Ratelimited(1));

        bed.slack.event(SignedSlackClient.reactionAdded("Ev0RL1", "U0ALICE1", "pushpin", general, ts, "U0ALICE1"), 0);

        await().atMost(WAIT).until(() -> bed.received.size() == 1);
        assertThat(fake.calls("conversations.history")).hasSize(2);
    }

    @Test
    void beforeStartSignedRequestsGet503() throws Exception {
        try (SlackTestBed idle = new SlackTestBed()) {
            HttpResponse<String> response = idle.slack.slashCommand(incident("sev1 x", "http://127.0.0.1:9/r"));
            assertThat(response.statusCode()).isEqualTo(503);
        }
    }
}
