package dev.incidentbot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.PlatformConfigurationException;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Text;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.FakeSocketModeServer;
import dev.incidentbot.slack.testing.FakeSocketModeServer.Acknowledgement;
import dev.incidentbot.slack.testing.SignedSlackClient.SlashCommand;
import dev.incidentbot.slack.testing.SlackPayloads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Socket Mode transport against a local Socket Mode server: every kind of envelope reaches the engine as the same
 * {@link Inbound} the HTTP endpoint produces and is acknowledged with the right payload within Slack's 3 seconds;
 * drops, silence and {@code disconnect} lead to a fresh connection without losing or repeating anything.
 */
class SlackSocketModeTest {

    /** Fast clocks so reconnections take milliseconds; the deadline stays well inside Slack's 3 s. */
    static final SocketModeTiming FAST = new SocketModeTiming(Duration.ofMillis(150), Duration.ofSeconds(1),
            Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(1500));
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SLACK_LIMIT = Duration.ofSeconds(3);
    private static final String ALICE = "U0ALICE1";

    private FakeSlackWebApi fake;
    private FakeSocketModeServer socket;
    private SlackPlatform platform;
    private String general;
    private final List<Inbound> received = new CopyOnWriteArrayList<>();
    private volatile Function<Inbound, Ack> answer = in -> Ack.silent();
    private final AtomicInteger triggers = new AtomicInteger();

    @BeforeEach
    void start() {
        fake = FakeSlackWebApi.start();
        socket = FakeSocketModeServer.start();
        fake.serveSocketMode(socket);
        fake.addUser(ALICE, "alice", "alice@example.com");
        general = fake.addChannel("general", ALICE);
        platform = new SlackPlatform(socketModeSettings(FakeSlackWebApi.APP_TOKEN));
        platform.start((ChatPlatform from, Inbound inbound) -> {
            received.add(inbound);
            return answer.apply(inbound);
        });
        await().atMost(WAIT).until(platform::isReady);
    }

    private SlackSettings socketModeSettings(String appToken) {
        return SlackSettings.socketMode(FakeSlackWebApi.TOKEN, appToken).withApiUrl(fake.apiUrl())
                .withTransport(new SlackTransport.SocketMode(appToken, FAST)).withWebApiTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        platform.stop();
        socket.close();
        fake.close();
    }

    private SlashCommand incident(String text) {
        return new SlashCommand("/incident", text, ALICE, "alice", general, "general", fake.newResponseUrl(),
                trigger());
    }

    private String trigger() {
        return "1334522460" + triggers.incrementAndGet() + ".738474920.8088930838d88f008e0";
    }

    private static void assertAckedWithinSlacksLimit(Instant sent, Acknowledgement ack) {
        assertThat(Duration.between(sent, ack.at())).isLessThan(SLACK_LIMIT);
    }

    @Test
    void aSlashCommandReachesTheEngineAndItsReplyIsTheAcknowledgementPayload() {
        answer = in -> Ack.reply("Declaring INC-7 <soon> & pinging nobody");
        SlashCommand command = incident("sev1 checkout returns 500s");

        Instant sent = Instant.now();
        String envelope = socket.slashCommand(command);
        Acknowledgement ack = socket.awaitAck(envelope, WAIT);

        assertAckedWithinSlacksLimit(sent, ack);
        JsonNode payload = ack.payload().orElseThrow();
        assertThat(payload.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(payload.path("text").asText()).isEqualTo("Declaring INC-7 &lt;soon&gt; &amp; pinging nobody");
        assertThat(payload.path("blocks").get(0).path("type").asText()).isEqualTo("section");
        assertThat(received).singleElement().isInstanceOfSatisfying(Inbound.Command.class, c -> {
            assertThat(c.text()).isEqualTo("sev1 checkout returns 500s");
            assertThat(c.person()).isEqualTo(new Person(ALICE, "alice"));
            assertThat(c.conversation()).isEqualTo(new ConversationRef(general, "general"));
            assertThat(c.deliveryId()).isEqualTo(command.triggerId());
            assertThat(ReplyTarget.from(c.reply())).isEqualTo(new ReplyTarget(command.responseUrl(), general, ALICE));
        });
    }

    @Test
    void aButtonClickIsAnActionAcknowledgedBareWhoseReplyGoesToTheResponseUrl() {
        answer = in -> Ack.reply("You acknowledged INC-7");
        String responseUrl = fake.newResponseUrl();

        String envelope = socket.interactive(SlackPayloads.blockAction(ALICE, "alice", general, "general", "ack",
                "INC-7", responseUrl, "trigger-1"));
        Acknowledgement ack = socket.awaitAck(envelope, WAIT);

        assertThat(ack.payload()).isEmpty();
        assertThat(received).singleElement().isInstanceOfSatisfying(Inbound.Action.class, a -> {
            assertThat(a.actionId()).isEqualTo("ack");
            assertThat(a.value()).isEqualTo("INC-7");
            assertThat(a.person()).isEqualTo(new Person(ALICE, "alice"));
            assertThat(a.conversation()).isEqualTo(new ConversationRef(general, "general"));
            assertThat(a.deliveryId()).isEqualTo("trigger-1");
        });
        await().atMost(WAIT).until(() -> !fake.responseUrlPosts().isEmpty());
        assertThat(fake.responseUrlPosts().get(0).responseUrl()).isEqualTo(responseUrl);
        assertThat(fake.responseUrlPosts().get(0).body().path("text").asText()).isEqualTo("You acknowledged INC-7");
    }

    @Test
    void aFormButtonOpensAModalWhoseSubmissionIsValidatedInTheAcknowledgement() {
        Button resolve = Button.of("resolve", "Resolve", "INC-7", "/incident resolve <summary>")
                .withForm(List.of(new Button.FormInput("summary", "Resolution summary", true, true, "What fixed it?")));
        ConversationRef channel = new ConversationRef(general, "general");
        String ts = platform.post(channel, new RichMessage(Text.plain("INC-7"), List.of(), List.of(resolve),
                Text.empty()), "k").id();
        JsonNode blocks = fake.messages(general).stream().filter(m -> m.ts().equals(ts)).findFirst().orElseThrow()
                .blocks();

        String click = socket.interactive(SlackPayloads.buttonClick(blocks, "Resolve", ALICE, "alice", general,
                "general", fake.newResponseUrl(), "trig-2"));
        assertThat(socket.awaitAck(click, WAIT).payload()).isEmpty();
        await().atMost(WAIT).until(() -> fake.lastOpenedView().isPresent());
        assertThat(fake.calls("views.open").get(0).param("trigger_id")).isEqualTo("trig-2");
        assertThat(received).isEmpty();

        answer = in -> ((Inbound.FormSubmission) in).values().get("summary").length() < 10
                ? new Ack.FormErrors(Map.of("summary", "Say a little more"))
                : Ack.silent();
        JsonNode view = fake.lastOpenedView().orElseThrow();
        String rejected = socket.interactive(SlackPayloads.submissionOf(view, Map.of("summary", "fixed"), ALICE,
                "alice", "trig-3"));
        JsonNode errors = socket.awaitAck(rejected, WAIT).payload().orElseThrow();
        assertThat(errors.path("response_action").asText()).isEqualTo("errors");
        assertThat(errors.path("errors").path("summary").asText()).isEqualTo("Say a little more");

        String accepted = socket.interactive(SlackPayloads.submissionOf(view,
                Map.of("summary", "rolled back the deploy"), ALICE, "alice", "trig-4"));
        assertThat(socket.awaitAck(accepted, WAIT).payload()).isEmpty(); // closes the modal
        assertThat(received).hasSize(2).last().isInstanceOfSatisfying(Inbound.FormSubmission.class, f -> {
            assertThat(f.actionId()).isEqualTo("resolve");
            assertThat(f.value()).isEqualTo("INC-7");
            assertThat(f.values()).containsExactlyEntriesOf(Map.of("summary", "rolled back the deploy"));
            assertThat(f.conversation()).isEqualTo(channel);
            assertThat(f.deliveryId()).isEqualTo("trig-4");
        });
    }

    @Test
    void aPinReactionEventBecomesAReactionWithTheMessage() {
        String ts = fake.addMessage(general, ALICE, "Rolled back to v41 – errors dropping");

        String envelope = socket.event(SlackPayloads.reactionAdded("Ev0PIN0001", ALICE, "pushpin", general, ts,
                ALICE));

        assertThat(socket.awaitAck(envelope, WAIT).payload()).isEmpty();
        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received.get(0)).isInstanceOfSatisfying(Inbound.Reaction.class, r -> {
            assertThat(r.emoji()).isEqualTo("pushpin");
            assertThat(r.conversation().id()).isEqualTo(general);
            assertThat(r.messageId()).isEqualTo(ts);
            assertThat(r.text()).isEqualTo("Rolled back to v41 – errors dropping");
            assertThat(r.deliveryId()).isEqualTo("Ev0PIN0001");
        });
    }

    @Test
    void aSlowEngineDoesNotDelayTheAcknowledgementAndItsAnswerFollowsAsAReply() throws Exception {
        CountDownLatch engineMayAnswer = new CountDownLatch(1);
        answer = in -> {
            try {
                engineMayAnswer.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Ack.reply("Declared INC-9");
        };
        SlashCommand command = incident("sev2 slow database");

        Instant sent = Instant.now();
        String envelope = socket.slashCommand(command);
        Acknowledgement ack = socket.awaitAck(envelope, WAIT);

        assertAckedWithinSlacksLimit(sent, ack);
        assertThat(ack.payload().orElseThrow().path("text").asText()).isEqualTo(SlackPlatform.LATE_NOTICE);
        assertThat(fake.responseUrlPosts()).isEmpty();

        engineMayAnswer.countDown();
        await().atMost(WAIT).until(() -> !fake.responseUrlPosts().isEmpty());
        assertThat(fake.responseUrlPosts().get(0).responseUrl()).isEqualTo(command.responseUrl());
        assertThat(fake.responseUrlPosts().get(0).body().path("text").asText()).isEqualTo("Declared INC-9");
        assertThat(received).hasSize(1);
    }

    @Test
    void aDroppedConnectionAndARefreshRequestLoseNothingAndRepeatNothing() {
        answer = in -> in instanceof Inbound.Command ? Ack.reply("ok") : Ack.silent();
        String first = socket.slashCommand(incident("sev2 first"));
        socket.awaitAck(first, WAIT);

        // Processed, but Slack never gets the acknowledgement: it will deliver the click again.
        socket.loseAcks(true);
        String click = socket.interactive(SlackPayloads.blockAction(ALICE, "alice", general, "general", "ack",
                "INC-1", fake.newResponseUrl(), trigger()));
        await().atMost(WAIT).until(() -> received.size() == 2);
        await().atMost(WAIT).until(() -> !socket.lostAcks().isEmpty());
        socket.loseAcks(false);

        // The connection drops and Slack refuses new ones for a while: the platform is not ready meanwhile.
        fake.failNext("apps.connections.open", 3, new FakeSlackWebApi.Failure.ServerError(503));
        socket.dropConnections();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> !platform.isReady());
        // The Web API does not need the socket: what the outbox sends meanwhile goes out.
        String posted = platform.post(new ConversationRef(general, "general"), RichMessage.text("still posting"), "k")
                .id();
        assertThat(fake.messages(general)).anySatisfy(m -> assertThat(m.ts()).isEqualTo(posted));
        String ts = fake.addMessage(general, ALICE, "cause found");
        String whileDown = socket.event(SlackPayloads.reactionAdded("Ev0DOWN01", ALICE, "pushpin", general, ts,
                ALICE));
        assertThat(socket.deliveries(whileDown)).isZero();

        await().atMost(WAIT).until(platform::isReady);
        socket.awaitAck(click, WAIT);
        socket.awaitAck(whileDown, WAIT);
        assertThat(socket.deliveries(click)).isGreaterThanOrEqualTo(2);
        assertThat(fake.calls("apps.connections.open")).hasSizeGreaterThanOrEqualTo(2 + 3);

        // Slack rotates the connection: a new one is opened before the old one is closed.
        int opensBefore = fake.calls("apps.connections.open").size();
        socket.requestReconnect("refresh_requested");
        await().atMost(WAIT).until(() -> fake.calls("apps.connections.open").size() > opensBefore);
        await().atMost(WAIT).until(() -> socket.openConnections() == 1 && platform.isReady());
        String last = socket.slashCommand(incident("sev3 after the refresh"));
        assertThat(socket.awaitAck(last, WAIT).payload().orElseThrow().path("text").asText()).isEqualTo("ok");

        await().atMost(WAIT).until(() -> received.size() == 4);
        assertThat(received).extracting(in -> in.getClass().getSimpleName())
                .containsExactly("Command", "Action", "Reaction", "Command");
        assertThat(received).extracting(Inbound::deliveryId).doesNotHaveDuplicates();
        assertThat(socket.unacknowledged()).isEmpty();
    }

    @Test
    void aRedeliveredEnvelopeIsAcknowledgedAgainWithTheFirstAnswerAndNotProcessedAgain() {
        answer = in -> Ack.reply("Declaring INC-3");
        socket.loseAcks(true);
        String envelope = socket.slashCommand(incident("sev2 once"));
        await().atMost(WAIT).until(() -> socket.lostAcks().size() == 1);
        socket.loseAcks(false);
        answer = in -> Ack.reply("a second answer would be wrong");

        socket.redeliver(envelope);

        assertThat(socket.awaitAck(envelope, WAIT).payload().orElseThrow().path("text").asText())
                .isEqualTo("Declaring INC-3");
        assertThat(received).hasSize(1);
    }

    @Test
    void anEventSentAgainInANewEnvelopeIsProcessedOnce() {
        String ts = fake.addMessage(general, ALICE, "cause found");
        JsonNode event = SlackPayloads.reactionAdded("Ev0TWICE01", ALICE, "pushpin", general, ts, ALICE);

        String first = socket.event(event);
        String second = socket.event(event);

        socket.awaitAck(first, WAIT);
        socket.awaitAck(second, WAIT);
        // Another event after both: by the time it is through, a second processing would have shown.
        socket.awaitAck(socket.event(SlackPayloads.reactionAdded("Ev0OTHER01", ALICE, "pushpin", general, ts,
                ALICE)), WAIT);
        await().atMost(WAIT).until(() -> received.size() >= 2);
        assertThat(received).extracting(Inbound::deliveryId).containsExactlyInAnyOrder("Ev0TWICE01", "Ev0OTHER01");
        assertThat(fake.calls("conversations.history")).hasSize(2);
    }

    @Test
    void aSilentConnectionIsReplaced() {
        socket.answerPings(false);
        await().atMost(WAIT).until(() -> fake.calls("apps.connections.open").size() >= 2);
        socket.answerPings(true);

        await().atMost(WAIT).until(() -> platform.isReady() && socket.openConnections() == 1);
        String envelope = socket.slashCommand(incident("sev3 still here"));
        socket.awaitAck(envelope, WAIT);
        assertThat(received).hasSize(1);
    }

    @Test
    void aTokenSlackRefusesStopsStartUpNamingTheVariable() {
        SlackPlatform botToken = new SlackPlatform(socketModeSettings(FakeSlackWebApi.TOKEN));
        assertThatThrownBy(() -> botToken.start((from, in) -> Ack.silent()))
                .isInstanceOfSatisfying(PlatformConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("SLACK_APP_TOKEN"));

        SlackPlatform revoked = new SlackPlatform(socketModeSettings("xapp-1-revoked"));
        assertThatThrownBy(() -> revoked.start((from, in) -> Ack.silent()))
                .isInstanceOfSatisfying(PlatformConfigurationException.class, e -> {
                    assertThat(e.setting()).isEqualTo("SLACK_APP_TOKEN");
                    assertThat(e.getMessage()).contains("invalid_auth");
                });
        assertThat(revoked.isReady()).isFalse();
    }
}
