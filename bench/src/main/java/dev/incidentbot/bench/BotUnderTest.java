package dev.incidentbot.bench;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.cli.Configured;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.chat.ChatPlatform;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The bot as {@code serve} wires it (the same {@link Application}: engine, outbox dispatcher, Quartz reminders, Jetty
 * with the platforms' mounts), in this JVM, on a fresh database in {@code dir}.
 */
public final class BotUnderTest implements AutoCloseable {
    private final Application app;
    private final Configured configured;

    private BotUnderTest(Application app, Configured configured) {
        this.app = app;
        this.configured = configured;
    }

    /** {@code http}: serve Jetty on a free port, with {@code mounts} beside /healthz, /readyz and /metrics. */
    public static BotUnderTest start(Path dir, BenchConfig config, List<ChatPlatform> platforms, boolean http,
                                     Map<String, HttpServlet> mounts) {
        return start(dir, config, db -> platforms, http, mounts);
    }

    /** For platforms that keep state in the bot's database (Matrix keeps its sync token there). */
    public static BotUnderTest start(Path dir, BenchConfig config, Function<Database, List<ChatPlatform>> platforms,
                                     boolean http, Map<String, HttpServlet> mounts) {
        Configured configured = Configured.load(config.write(dir));
        Database db = Database.open(configured.config().storagePath());
        Application app = new Application(configured.config(), configured.templates(), db, platforms.apply(db),
                Clock.systemUTC(), http ? Optional.of(0) : Optional.empty(), mounts);
        app.start();
        return new BotUnderTest(app, configured);
    }

    public Application app() {
        return app;
    }

    public Configured configured() {
        return configured;
    }

    public int port() {
        return app.httpPort();
    }

    @Override
    public void close() {
        app.close();
    }
}
