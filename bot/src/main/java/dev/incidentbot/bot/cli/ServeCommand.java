package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.DatabaseLock;
import dev.incidentbot.bot.store.StorageTarget;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.PlatformConfigurationException;
import dev.incidentbot.console.ConsolePlatform;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Run the bot. With no chat credentials in the environment it runs the console platform on stdin/stdout. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the bot (the default command).")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--http-port", paramLabel = "PORT", description = "Override http.port (0 picks a free port).")
    Integer httpPort;

    public ServeCommand() {
    }

    /** Serve with options given to the top-level command. */
    public ServeCommand(CommonOptions common, Integer httpPort) {
        this.common = common;
        this.httpPort = httpPort;
    }

    @Override
    public Integer call() {
        Optional<Configured> loaded = Configured.loadReportingProblems(common);
        if (loaded.isEmpty()) {
            return Configured.EXIT_INVALID;
        }
        Configured configured = loaded.get();
        // stderr: on the console platform stdout is the chat
        ConfigLoader.warnings(configured.config()).forEach(w -> System.err.println("Warning: " + w));
        if (!(configured.storage() instanceof StorageTarget.Sqlite)) {
            return serve(configured); // PostgreSQL: replicas share the database on purpose
        }
        DatabaseLock lock;
        try {
            lock = DatabaseLock.acquire(configured.config().storagePath());
        } catch (DatabaseLock.InUse e) {
            System.err.println(e.getMessage());
            return Configured.EXIT_INVALID;
        }
        try {
            return serve(configured);
        } finally {
            lock.close();
        }
    }

    private int serve(Configured configured) {
        CountDownLatch done = new CountDownLatch(1);
        Optional<Database> opened = configured.openDatabase();
        if (opened.isEmpty()) {
            return Configured.EXIT_INVALID;
        }
        Database db = opened.get();
        List<AutoCloseable> leases = new java.util.ArrayList<>();
        PlatformSelection chosen = PlatformSelection.fromEnvironment(System.getenv(), configured.config(), db, leases::add);
        AtomicReference<Application> running = new AtomicReference<>();
        List<ChatPlatform> platforms = chosen.platforms();
        if (platforms.isEmpty()) {
            // No chat credentials: the console is the platform, and end of input ends the bot.
            platforms = List.of(new ConsolePlatform(System.in, System.out,
                    () -> running.get().drain(Duration.ofSeconds(5)), done::countDown));
        }
        int port = httpPort != null ? httpPort : configured.config().httpPort();
        Application app = new Application(configured.config(), configured.templates(), db, platforms, Clock.systemUTC(),
                Optional.of(port), chosen.mounts());
        running.set(app);
        leases.forEach(app::closeWith);
        try {
            app.start();
        } catch (PlatformConfigurationException e) {
            System.err.println(e.getMessage());
            app.close();
            return Configured.EXIT_INVALID;
        } catch (IllegalStateException e) {
            System.err.println("incident-bot cannot start: " + e.getMessage());
            app.close();
            return 1;
        }
        CountDownLatch closed = new CountDownLatch(1);
        // On SIGTERM, let the main thread drain the outbox and close the database before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            done.countDown();
            try {
                closed.await(configured.config().deliveryTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!app.drain(configured.config().deliveryTimeout())) {
            System.err.println("incident-bot: some messages were not delivered yet; they stay in the outbox for the next start.");
        }
        app.close();
        closed.countDown();
        return 0;
    }
}
