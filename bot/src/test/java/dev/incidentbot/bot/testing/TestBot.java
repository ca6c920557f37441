package dev.incidentbot.bot.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.PageCap;
import dev.incidentbot.bot.store.StorageTarget;
import dev.incidentbot.bot.template.TemplateRenderer;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The real application (bundled config and templates, SQLite file in a temp dir) on an {@link InMemoryPlatform},
 * with a clock that only moves when the test says so.
 */
public final class TestBot implements AutoCloseable {
    /** A Thursday morning, in the future so wall-clock schedulers (Quartz) have nothing due during a test. */
    public static final Instant START = Instant.parse("2037-11-26T10:00:00Z");
    /** The conversation the bundled naming pattern gives INC-1 declared at {@link #START} as "checkout API returns 500s". */
    public static final String INC1 = "#inc-20371126-1-checkout-api-returns-500s";

    public final Path dbFile;
    public final MutableClock clock;
    public final InMemoryPlatform platform;
    public final Application app;

    private TestBot(Path dbFile, MutableClock clock, InMemoryPlatform platform, Application app) {
        this.dbFile = dbFile;
        this.clock = clock;
        this.platform = platform;
        this.app = app;
    }

    public static TestBot start(Path dir) {
        return start(dir, TestStorage.SQLITE);
    }

    public static TestBot start(Path dir, TestStorage storage) {
        return start(dir, storage, new InMemoryPlatform(), new MutableClock(START), Optional.empty());
    }

    public static TestBot start(Path dir, InMemoryPlatform platform, MutableClock clock, Optional<Integer> httpPort) {
        return start(dir, TestStorage.SQLITE, platform, clock, httpPort);
    }

    public static TestBot start(Path dir, TestStorage storage, InMemoryPlatform platform, MutableClock clock,
                                Optional<Integer> httpPort) {
        Application app = create(dir, storage, platform, clock, httpPort, UnaryOperator.identity());
        app.start();
        return new TestBot(dir.resolve("incident-bot.db"), clock, platform, app);
    }

    /**
     * A bot whose database file can be "filled" through {@code cap}, and whose engine delivers through {@code delivering}
     * (a wrapper around {@code platform} that injects faults) while commands still arrive through {@code platform}.
     */
    public static TestBot start(Path dir, InMemoryPlatform platform, ChatPlatform delivering, Optional<Integer> httpPort,
                                PageCap cap) {
        return start(dir, platform, delivering, httpPort, cap, UnaryOperator.identity());
    }

    /** As above, on the bundled config as changed by {@code configure}. */
    public static TestBot start(Path dir, InMemoryPlatform platform, ChatPlatform delivering, Optional<Integer> httpPort,
                                PageCap cap, UnaryOperator<BotConfig> configure) {
        BotConfig config = configure.apply(ConfigLoader.load(Optional.empty())).withStoragePath(dir.resolve("incident-bot.db"));
        TemplateRenderer templates = TemplateRenderer.load(dir.resolve("no-templates")).renderer().orElseThrow();
        MutableClock clock = new MutableClock(START);
        Application app = new Application(config, templates, Database.open(config.storagePath(), cap), List.of(delivering),
                clock, httpPort, Map.of());
        app.start();
        return new TestBot(dir.resolve("incident-bot.db"), clock, platform, app);
    }

    /** The bundled config as changed by {@code configure} (e.g. other diagnostics). */
    public static TestBot start(Path dir, InMemoryPlatform platform, MutableClock clock, UnaryOperator<BotConfig> configure) {
        Application app = create(dir, platform, clock, Optional.empty(), configure);
        app.start();
        return new TestBot(dir.resolve("incident-bot.db"), clock, platform, app);
    }

    /** The application, not started. */
    public static Application create(Path dir, InMemoryPlatform platform, MutableClock clock, Optional<Integer> httpPort) {
        return create(dir, platform, clock, httpPort, UnaryOperator.identity());
    }

    /** The application on the bundled config as changed by {@code configure}, not started. */
    public static Application create(Path dir, InMemoryPlatform platform, MutableClock clock, Optional<Integer> httpPort,
                                     UnaryOperator<BotConfig> configure) {
        return create(dir, TestStorage.SQLITE, platform, clock, httpPort, configure);
    }

    /** The application on {@code storage}, not started. */
    public static Application create(Path dir, TestStorage storage, InMemoryPlatform platform, MutableClock clock,
                                     Optional<Integer> httpPort, UnaryOperator<BotConfig> configure) {
        return create(dir, file -> storage.target(file), platform, clock, httpPort, configure);
    }

    /** The application on the database {@code target} gives for the SQLite file it would use, not started. */
    public static Application create(Path dir, java.util.function.Function<Path, StorageTarget> target,
                                     InMemoryPlatform platform, MutableClock clock, Optional<Integer> httpPort,
                                     UnaryOperator<BotConfig> configure) {
        BotConfig config = configure.apply(ConfigLoader.load(Optional.empty())).withStoragePath(dir.resolve("incident-bot.db"));
        // A folder without templates: every template comes from the bundled copies.
        TemplateRenderer templates = TemplateRenderer.load(dir.resolve("no-templates")).renderer().orElseThrow();
        Database db = Database.open(target.apply(config.storagePath()));
        return new Application(config, templates, db, List.of(platform), clock, httpPort, Map.of());
    }

    public Ack command(String person, String conversation, String text) {
        return platform.command(person, conversation, text);
    }

    /** Run a command and return the text of the bot's answer to the sender. */
    public String reply(String person, String conversation, String text) {
        int mark = mark();
        Ack ack = command(person, conversation, text);
        assertThat(ack).as("answer to %s", text).isInstanceOf(Ack.Reply.class);
        String answer = PlainTextRenderer.render(((Ack.Reply) ack).message());
        if (answer.contains("the bot is busy")) {
            // A slow machine missed the acknowledgement window; the real answer follows through the outbox.
            String handle = person + "@" + conversation;
            await().atMost(Duration.ofSeconds(30)).until(() -> since(mark).stream()
                    .anyMatch(e -> e.kind().equals("reply") && e.conversation().equals(handle)));
            return since(mark).stream().filter(e -> e.kind().equals("reply") && e.conversation().equals(handle))
                    .findFirst().orElseThrow().text();
        }
        return answer;
    }

    /** Run a command, then wait until everything it asked for was delivered. */
    public String replyDelivered(String person, String conversation, String text) {
        String reply = reply(person, conversation, text);
        awaitDelivered();
        return reply;
    }

    public void awaitDelivered() {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10)).until(() -> pending() == 0);
    }

    /** Wait for the outbox to drain, moving the clock on so that backed-off retries fall due. */
    public void awaitDeliveredMovingClock() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (pending() == 0) {
                return true;
            }
            clock.advance(Duration.ofSeconds(5));
            app.dispatcher().wake();
            return false;
        });
    }

    public long pending() {
        return count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL");
    }

    public long count(String sql, Object... params) {
        return DatabaseProbe.count(app.database(), sql, params);
    }

    public String string(String sql, Object... params) {
        List<String> values = DatabaseProbe.rows(app.database(), sql, rs -> rs.getString(1), params);
        return values.isEmpty() ? null : values.get(0);
    }

    public int execute(String sql, Object... params) {
        return app.database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** The incident's timeline event types, in order. */
    public List<String> timelineTypes(long incident) {
        return DatabaseProbe.rows(app.database(), "SELECT type FROM timeline_event WHERE incident_id = ? ORDER BY seq",
                rs -> rs.getString(1), incident);
    }

    /** The payload of the incident's last event of {@code type}. */
    public String lastPayload(long incident, String type) {
        return string("SELECT payload FROM timeline_event WHERE incident_id = ? AND type = ? ORDER BY seq DESC LIMIT 1",
                incident, type);
    }

    /** Rows in every engine table, to show that a command changed nothing. */
    public String snapshot() {
        StringBuilder s = new StringBuilder();
        for (String table : List.of("incident", "timeline_event", "outbox", "participant", "action_item", "processed_inbound", "message_ref")) {
            s.append(table).append('=').append(count("SELECT COUNT(*) FROM " + table)).append(' ');
        }
        return s.append("effects=").append(platform.effects().size()).toString();
    }

    public int mark() {
        return platform.effects().size();
    }

    public List<InMemoryPlatform.Effect> since(int mark) {
        List<InMemoryPlatform.Effect> all = platform.effects();
        return all.subList(mark, all.size());
    }

    /** "kind conversation" for each effect since {@code mark}: the shape of what the bot did. */
    public List<String> kindsSince(int mark) {
        return since(mark).stream().map(e -> e.kind() + " " + e.conversation()).toList();
    }

    @Override
    public void close() {
        app.close();
    }
}
