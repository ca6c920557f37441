package dev.incidentbot.bench;

import dev.incidentbot.bot.cli.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One bot replica as operators run it: {@link Main} in a child JVM with the JDK's default flags,
 * chat and storage chosen through the environment, its log beside the figure's work. Killed with SIGKILL (no shutdown
 * hook, no hand-over) or stopped with SIGTERM.
 */
final class ReplicaProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ReplicaProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** {@code env} is added to this JVM's environment without its chat and storage variables. */
    static ReplicaProcess start(String name, Path work, Path config, Map<String, String> env) throws IOException {
        int port = freePort();
        Path log = work.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(Locations.binary(), "-cp", Locations.classPath(),
                Main.class.getName(), "--config", config.toString(), "--http-port", Integer.toString(port),
                "--data-dir", work.resolve("data-" + name).toString()))
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = pb.environment();
        environment.keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("MATRIX_") || k.startsWith("INCIDENT_BOT_"));
        environment.put("LOG_LEVEL", "WARN");
        environment.putAll(env);
        return new ReplicaProcess(name, pb.start(), port, log);
    }

    int port() {
        return port;
    }

    /** Waits for /readyz to answer 200; throws with the end of the replica's log if it died or took too long. */
    void awaitReady(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
                if (c.get("/readyz") == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("replica " + name + (process.isAlive() ? " not ready within " + within.toSeconds()
                + " s" : " exited " + process.exitValue()) + ": " + tail());
    }

    /** kill -9, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("replica " + name + " survived SIGKILL for 30 s");
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
