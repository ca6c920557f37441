package dev.incidentbot.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.cli.PlatformSelection;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.template.TemplateRenderer;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.slack.SlackPlatform;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.FakeSocketModeServer;
import dev.incidentbot.slack.testing.SignedSlackClient.SlashCommand;
import dev.incidentbot.slack.testing.SlackPayloads;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot as it runs with Slack over Socket Mode: {@link Application} with the platforms {@link PlatformSelection}
 * chose from a Socket Mode environment ({@code SLACK_APP_TOKEN}, no signing secret), a {@link FakeSlackWebApi} whose
 * {@code apps.connections.open} points at a {@link FakeSocketModeServer}, and a real SQLite file. Slack's side is
 * played by sending envelopes over the fake's WebSocket.
 */
class SocketModeEndToEndTest {

    private static final String ALICE = "U0ALICE01";
    private static final String BOB = "U0BOB0001";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private FakeSlackWebApi fake;
    private FakeSocketModeServer socket;
    private Application app;
    private PlatformSelection selection;
    private String general;
    private final AtomicInteger triggers = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fake = FakeSlackWebApi.start();
        socket = FakeSocketModeServer.start();
        fake.serveSocketMode(socket);
        fake.addUser(ALICE, "alice", "alice@example.com");
        fake.addUser(BOB, "bob", "bob@example.com");
        general = fake.addChannel("general", ALICE, BOB);
        BotConfig config = ConfigLoader.load(Optional.empty()).withStoragePath(dir.resolve("incident-bot.db"));
        TemplateRenderer templates = TemplateRenderer.load(config.templatesDir()).renderer().orElseThrow();
        Database db = Database.open(config.storagePath());
        selection = PlatformSelection.fromEnvironment(Map.of("SLACK_BOT_TOKEN", FakeSlackWebApi.TOKEN,
                "SLACK_APP_TOKEN", FakeSlackWebApi.APP_TOKEN, "SLACK_API_URL", fake.apiUrl().toString()), config, db);
        app = new Application(config, templates, db, selection.platforms(), Clock.systemUTC(), Optional.of(0),
                selection.mounts());
        app.start();
    }

    @AfterEach
    void stop() {
        try {
            app.close();
        } finally {
            socket.close();
            fake.close();
        }
    }

    @Test
    void anIncidentFromDeclarationToResolutionSurvivesADroppedConnectionAndARefresh() {
        assertThat(selection.platforms()).singleElement().isInstanceOfSatisfying(SlackPlatform.class,
                slack -> assertThat(slack.settings().socketMode()).isTrue());
        assertThat(selection.mounts()).isEmpty(); // nothing for Slack to reach
        await().atMost(WAIT).until(() -> readyz().statusCode() == 200);

        // Declare: the acknowledgement carries the engine's ephemeral answer.
        String declare = socket.slashCommand(command("sev1 checkout returns 500s", general, "general", ALICE, "alice"));
        JsonNode declared = socket.awaitAck(declare, WAIT).payload().orElseThrow();
        assertThat(declared.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(declared.path("text").asText()).contains("Declaring INC-1");
        ConversationRef channel = awaitChannel(1);
        await().atMost(WAIT).until(() -> fake.channel(channel.id()).orElseThrow().pins().size() == 1);
        assertThat(fake.channel(channel.id()).orElseThrow().members()).contains(ALICE);

        // Take command with the button on the pinned message.
        String take = socket.interactive(click(channel, "I'm commander", BOB, "bob"));
        assertThat(socket.awaitAck(take, WAIT).payload()).isEmpty();
        await().atMost(WAIT).until(() -> incident().commander().isPresent());
        assertThat(incident().commander()).contains(new Person(BOB, "bob"));

        // Post an update through the modal; Slack never gets that acknowledgement and will deliver it again.
        socket.interactive(click(channel, "Post update", BOB, "bob"));
        await().atMost(WAIT).until(() -> fake.lastOpenedView().isPresent());
        socket.loseAcks(true);
        String update = socket.interactive(SlackPayloads.submissionOf(fake.lastOpenedView().orElseThrow(),
                Map.of("progress", "Rolled back release 2026.11.3", "status", "monitoring"), BOB, "bob", trigger()));
        await().atMost(WAIT).until(() -> timelineTypes().contains("update_posted"));
        await().atMost(WAIT).until(() -> !socket.lostAcks().isEmpty());
        socket.loseAcks(false);

        // The connection drops and the first reconnection fails: /readyz says so, and meanwhile someone pins a
        // message (Slack holds that event until the bot is back).
        fake.failNext("apps.connections.open", 1, new FakeSlackWebApi.Failure.ServerError(503));
        socket.dropConnections();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> readyz().statusCode() == 503);
        assertThat(readyz().body()).contains("platform slack: not ready");
        String ts = fake.addMessage(channel.id(), ALICE, "Error rate back under 0.1%");
        String pin = socket.event(SlackPayloads.reactionAdded("Ev0SOCKET1", ALICE, "pushpin", channel.id(), ts,
                ALICE));

        await().atMost(WAIT).until(() -> readyz().statusCode() == 200);
        socket.awaitAck(pin, WAIT);
        socket.awaitAck(update, WAIT); // the redelivered submission, acknowledged this time
        assertThat(socket.deliveries(update)).isEqualTo(2);
        await().atMost(WAIT).until(() -> timelineTypes().contains("message_pinned"));

        // Slack rotates the connection; the bot opens a new one and lets the old one go.
        int opened = fake.calls("apps.connections.open").size();
        socket.requestReconnect("refresh_requested");
        await().atMost(WAIT).until(() -> fake.calls("apps.connections.open").size() == opened + 1
                && socket.openConnections() == 1);
        assertThat(readyz().statusCode()).isEqualTo(200);

        // Resolve through the modal.
        socket.interactive(click(channel, "Resolve", BOB, "bob"));
        await().atMost(WAIT).until(() -> fake.lastOpenedView().orElseThrow().path("blocks").toString()
                .contains("solution"));
        String resolve = socket.interactive(SlackPayloads.submissionOf(fake.lastOpenedView().orElseThrow(),
                Map.of("solution", "Rolled back the release", "root_cause", "A bad feature flag"), BOB, "bob",
                trigger()));
        assertThat(socket.awaitAck(resolve, WAIT).payload()).isEmpty();
        await().atMost(WAIT).until(() -> incident().status() == Status.RESOLVED);
        await().atMost(WAIT).until(() -> app.drain(Duration.ofMillis(200)));

        assertThat(timelineTypes()).containsExactly("declared", "acknowledged", "commander_assigned",
                "status_changed", "update_posted", "message_pinned", "resolved");
        List<String> texts = fake.messages(channel.id()).stream().map(FakeSlackWebApi.Message::text).toList();
        assertThat(texts.stream().filter(t -> t.contains("Rolled back release 2026.11.3"))).hasSize(1);
        assertThat(texts).anySatisfy(t -> assertThat(t).contains("Rolled back the release"));
        assertThat(socket.unacknowledged()).isEmpty();
    }

    // ------------------------------------------------------------------ Slack's side

    private SlashCommand command(String text, String channelId, String channelName, String userId, String userName) {
        return new SlashCommand("/incident", text, userId, userName, channelId, channelName, fake.newResponseUrl(),
                trigger());
    }

    private JsonNode click(ConversationRef channel, String label, String userId, String userName) {
        JsonNode blocks = fake.messages(channel.id()).get(0).blocks(); // the pinned initial message
        return SlackPayloads.buttonClick(blocks, label, userId, userName, channel.id(), channel.name(),
                fake.newResponseUrl(), trigger());
    }

    private String trigger() {
        return "1334522460" + triggers.incrementAndGet() + ".738474920.8088930838d88f008e0";
    }

    // ------------------------------------------------------------------ what the bot did

    private ConversationRef awaitChannel(long number) {
        await().atMost(WAIT).until(() -> app.database().read(c -> new IncidentStore().conversation(c, number))
                .isPresent());
        return app.database().read(c -> new IncidentStore().conversation(c, number)).orElseThrow();
    }

    private Incident incident() {
        return app.service().find(1).orElseThrow();
    }

    private List<String> timelineTypes() {
        List<String> types = new ArrayList<>();
        app.database().read(c -> {
            new TimelineStore().forEach(c, 1, e -> types.add(e.type()));
            return null;
        });
        return types;
    }

    private HttpResponse<String> readyz() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/readyz"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
