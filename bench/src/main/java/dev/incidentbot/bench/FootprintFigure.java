package dev.incidentbot.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figure 6: the real jar, {@code java -jar bot/target/incident-bot.jar} with no flags and no chat credentials (so the
 * console platform), as the README runs it. Start-up is from process start to the first 200 on {@code /readyz};
 * memory is VmRSS after a short idle, then after {@value #INCIDENTS_WORD} incidents were declared on its stdin and
 * every resulting message delivered. The limit is a JVM with the same JDK and the same Jetty serving only
 * {@code /readyz} ({@link BareReadyServer}).
 */
public final class FootprintFigure implements Figure {
    private static final String INCIDENTS_WORD = "1,000";

    @Override
    public String title() {
        return "Footprint";
    }

    @Override
    public List<Row> run(RunSize size, Path dir) throws Exception {
        Path jar = Locations.botJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn -Pbench package -DskipTests");
        }
        List<double[]> bot = new ArrayList<>();
        List<double[]> bare = new ArrayList<>();
        for (int rep = 0; rep < size.repetitions(); rep++) {
            bare.add(bare(dir.resolve("bare-" + rep), size));
            bot.add(bot(jar, dir.resolve("bot-" + rep), size));
        }
        Spread start = Spread.of(bot, r -> r[0]);
        Spread idle = Spread.of(bot, r -> r[1]);
        Spread loaded = Spread.of(bot, r -> r[2]);
        Spread peak = Spread.of(bot, r -> r[3]);
        Spread bareStart = Spread.of(bare, r -> r[0]);
        Spread bareIdle = Spread.of(bare, r -> r[1]);
        int n = size.footprintIncidents();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("startup_ms", start.values());
        numbers.put("rss_idle_mib", idle.values());
        numbers.put("rss_loaded_mib", loaded.values());
        numbers.put("rss_peak_mib", peak.values());
        numbers.put("bare_startup_ms", bareStart.values());
        numbers.put("bare_rss_idle_mib", bareIdle.values());
        numbers.put("open_incidents", n);
        String limitRss = "bare JVM + Jetty, idle: " + bareIdle.format(" MiB");
        return List.of(
                new Row("6 Start-up to /readyz (real jar)", "< 3 s", start.ms(),
                        "bare JVM + Jetty to /readyz: " + bareStart.ms(), Row.ratio(start.median(), bareStart.median()),
                        Verdict.of(start.median() < 3000, size), numbers),
                new Row("6 Resident memory, idle", "< 256 MB", idle.format(" MiB"), limitRss,
                        Row.ratio(idle.median(), bareIdle.median()), Verdict.of(idle.median() * 1.048576 < 256, size),
                        Map.of()),
                new Row("6 Resident memory, " + String.format("%,d", n) + " open incidents", "< 256 MB",
                        loaded.format(" MiB") + "; peak " + Spread.number(peak.median()) + " MiB", limitRss,
                        Row.ratio(loaded.median(), bareIdle.median()),
                        Verdict.of(loaded.median() * 1.048576 < 256, size), Map.of()));
    }

    /** Start-up ms, idle RSS, RSS with the incidents, peak RSS (MiB). */
    private static double[] bot(Path jar, Path data, RunSize size) throws Exception {
        Files.createDirectories(data);
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Locations.binary(), "-jar", jar.toString(), "--data-dir", data.toString(),
                "--http-port", Integer.toString(port)).directory(data.toFile())
                .redirectOutput(data.resolve("stdout.txt").toFile()).redirectError(data.resolve("stderr.txt").toFile());
        // No chat credentials: the console platform, as the README's first command runs it.
        builder.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("MATRIX_"));
        builder.environment().remove("LOG_LEVEL");
        long t = System.nanoTime();
        Process process = builder.start();
        try {
            double startup = awaitReady(port, process, t);
            ProcessStats stats = new ProcessStats(process.pid());
            Thread.sleep(size.footprintIdle().toMillis());
            double idle = stats.rssMiB();
            int n = size.footprintIncidents();
            try (OutputStream stdin = process.getOutputStream()) {
                StringBuilder lines = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    lines.append("/incident sev2 footprint check ").append(i).append('\n');
                }
                stdin.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                awaitDelivered(data.resolve("incident-bot.db"), n, process);
                Thread.sleep(size.footprintIdle().toMillis());
                double loaded = stats.rssMiB();
                double peak = stats.peakRssMiB();
                return new double[] {startup, idle, loaded, peak};
            }
        } finally {
            // stdin closed: the console bot drains and exits by itself.
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static double[] bare(Path dir, RunSize size) throws Exception {
        Files.createDirectories(dir);
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Locations.binary(), "-cp", Locations.classPath(),
                BareReadyServer.class.getName(), Integer.toString(port)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        long t = System.nanoTime();
        Process process = builder.start();
        try {
            double startup = awaitReady(port, process, t);
            Thread.sleep(size.footprintIdle().toMillis());
            return new double[] {startup, new ProcessStats(process.pid()).rssMiB()};
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Milliseconds from {@code startedNanos} to the first 200 from /readyz. */
    private static double awaitReady(int port, Process process, long startedNanos) throws InterruptedException {
        long deadline = startedNanos + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue() + " before /readyz answered");
            }
            try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
                if (c.get("/readyz") == 200) {
                    return (System.nanoTime() - startedNanos) / 1e6;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("/readyz did not answer 200 within 60 s");
    }

    /** Waits until {@code n} incidents exist and the outbox has nothing left to deliver. */
    private static void awaitDelivered(Path db, int n, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bot exited with " + process.exitValue());
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                 Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
                long incidents = count(s, "SELECT COUNT(*) FROM incident");
                long pending = count(s, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL");
                if (incidents >= n && pending == 0) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // the bot may be migrating or holding the lock; look again
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the incidents were not all declared and delivered within 3 minutes");
    }

    private static long count(Statement s, String sql) throws java.sql.SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
