package dev.incidentbot.bot.matrix;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.cli.Configured;
import dev.incidentbot.bot.cli.PlatformSelection;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.testing.DatabaseProbe;
import dev.incidentbot.matrix.RoomEvent;
import dev.incidentbot.matrix.testing.Responder;
import dev.incidentbot.matrix.testing.TestHomeserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole bot as {@code serve} wires it (config file, SQLite file, {@link PlatformSelection} from MATRIX_* variables,
 * {@link Application}), talking to the test Synapse as the registered bot user, listening to alice and bob.
 * sev* escalation's first step is bob, so declarations invite him.
 */
final class MatrixBot implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final Application app;
    private final HttpClient http = HttpClient.newHttpClient();

    private MatrixBot(Application app) {
        this.app = app;
    }

    /** Starts a bot whose config and database live in {@code dir} (reused as is if it ran there before). */
    static MatrixBot start(TestHomeserver hs, Path dir) {
        Path configFile = dir.resolve("incident-bot.yaml");
        if (!Files.exists(configFile)) {
            write(configFile, config(hs, dir.resolve("incident-bot.db")));
        }
        Configured configured = Configured.load(configFile);
        Database db = Database.open(configured.config().storagePath());
        Map<String, String> env = Map.of("MATRIX_HOMESERVER_URL", hs.baseUri().toString(),
                "MATRIX_ACCESS_TOKEN", hs.bot().accessToken());
        PlatformSelection chosen = PlatformSelection.fromEnvironment(env, configured.config(), db);
        Application app = new Application(configured.config(), configured.templates(), db, chosen.platforms(),
                Clock.systemUTC(), Optional.of(0), chosen.mounts());
        app.start();
        MatrixBot bot = new MatrixBot(app);
        // Ready means the first sync answered: from here on, what responders type is not old history.
        await("bot ready").atMost(WAIT).until(() -> Boolean.TRUE.equals(app.readiness().get("platform matrix"))
                && !app.readiness().containsValue(false));
        return bot;
    }

    /** The bundled configuration, with its database in {@code db}, bob on call and only alice and bob allowed. */
    static String config(TestHomeserver hs, Path db) {
        String bundled;
        try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.BUNDLED)) {
            bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String withDb = bundled.replace("path: data/incident-bot.db", "path: \"" + db.toAbsolutePath() + "\"");
        String withBob = withDb.replace("notify: [\"@oncall-primary\"]", "notify: [\"" + hs.bob().userId() + "\"]");
        if (withDb.equals(bundled) || withBob.equals(withDb)) {
            throw new IllegalStateException("the bundled config changed shape; adjust MatrixBot.config");
        }
        return withBob + "\nmatrix:\n  allowed_users: [\"" + hs.alice().userId() + "\", \"" + hs.bob().userId() + "\"]\n";
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Application app() {
        return app;
    }

    // ---- what the bot stored -------------------------------------------------------------------------------------

    /** Numbers of the incidents with this exact title. */
    List<Long> incidentsTitled(String title) {
        return longs("SELECT id FROM incident WHERE title = ? ORDER BY id", title);
    }

    /** The incident's Matrix room id, once the outbox created it. */
    String awaitIncidentRoom(long incident) {
        return await("room of INC-" + incident).atMost(WAIT)
                .until(() -> strings("SELECT conversation_id FROM incident WHERE id = ?", incident).stream()
                        .filter(id -> id != null && !id.isEmpty()).findFirst(), Optional::isPresent).orElseThrow();
    }

    /** Payloads of the incident's timeline events of {@code type}, in order. */
    List<String> timeline(long incident, String type) {
        return strings("SELECT payload FROM timeline_event WHERE incident_id = ? AND type = ? ORDER BY seq", incident, type);
    }

    /** The direct room the Matrix platform remembers keeping with {@code userId}, once it made one. */
    Optional<String> directRoomWith(String userId) {
        return strings("SELECT state_value FROM platform_state WHERE platform = 'matrix' AND state_key = ?",
                "direct_room:" + userId).stream().filter(r -> r != null && !r.isBlank()).findFirst();
    }

    /** Every outbox row given up on, and every delivery_failed timeline event: both should stay empty. */
    List<String> failures() {
        List<String> out = new ArrayList<>(strings("SELECT last_error FROM outbox WHERE failed_at IS NOT NULL"));
        out.addAll(strings("SELECT payload FROM timeline_event WHERE type = 'delivery_failed'"));
        return out;
    }

    boolean outboxEmpty() {
        return longs("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL").get(0) == 0;
    }

    private List<String> strings(String sql, Object... args) {
        return query(sql, args, rs -> rs.getString(1));
    }

    private List<Long> longs(String sql, Object... args) {
        return query(sql, args, rs -> rs.getLong(1));
    }

    private <T> List<T> query(String sql, Object[] args, DatabaseProbe.Column<T> column) {
        return DatabaseProbe.rows(app.database(), sql, column, args);
    }

    /** This run's Prometheus text, from the bot's own /metrics. */
    String metrics() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.close();
    }

    // ---- what responders see -------------------------------------------------------------------------------------

    /** The bot's answer to the command event {@code commandId} (an {@code m.in_reply_to} reply in the same room). */
    static RoomEvent awaitReply(TestHomeserver hs, Responder who, String roomId, String commandId) {
        return who.awaitEvent(roomId, e -> isReplyTo(hs, e, commandId));
    }

    static boolean isReplyTo(TestHomeserver hs, RoomEvent e, String commandId) {
        return e.sender().equals(hs.bot().userId()) && e.type().equals("m.room.message")
                && e.content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText().equals(commandId);
    }

    /** A room {@code who} made with the bot, once the bot has joined it. */
    static String roomWithBot(TestHomeserver hs, Responder who) {
        String room = who.roomWith(hs.bot().userId());
        await("bot joins " + room).atMost(WAIT).until(() -> who.membership(room, hs.bot().userId()).equals("join"));
        return room;
    }

    /**
     * {@code who} joins an incident room once the bot's invitation has reached them. The rooms are invite-only and
     * the invitations are outbox rows sent after the room exists, so a join right after the room appears may be early.
     */
    static void joinWhenInvited(TestHomeserver hs, Responder who, String roomId) {
        await(who.userId() + " invited to " + roomId).atMost(WAIT).until(() -> hs.botClient()
                .state(roomId, "m.room.member", who.userId()).map(m -> m.path("membership").asText()).orElse("none"),
                m -> m.equals("invite") || m.equals("join"));
        who.client().join(roomId);
    }

    static String topic(Responder who, String roomId) {
        return who.client().state(roomId, "m.room.topic", "").map(t -> t.path("topic").asText()).orElse("");
    }

    static JsonNode state(Responder who, String roomId, String type) {
        return who.client().state(roomId, type, "").orElseThrow(() -> new AssertionError(roomId + " has no " + type));
    }

    static List<String> mentionedUsers(RoomEvent e) {
        List<String> ids = new ArrayList<>();
        e.content().path("m.mentions").path("user_ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }
}
