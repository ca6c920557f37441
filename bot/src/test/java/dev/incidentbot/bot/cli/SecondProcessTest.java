package dev.incidentbot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.cli.Main;
import dev.incidentbot.bot.store.DatabaseLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real bot processes on one data directory: the second is refused at start-up, naming the file and the first. */
class SecondProcessTest {
    @TempDir
    Path work;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process serve(String name) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--data-dir", "data", "--http-port", "0");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve(name + ".out").toFile()).redirectError(work.resolve(name + ".err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("MATRIX_"));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    @Test
    void aSecondProcessOnTheSameDatabaseExitsTwoNamingTheFileAndTheHolder() throws Exception {
        // The first keeps its stdin (the console) open, so it runs until the test ends.
        Process first = serve("first");
        Path lockFile = DatabaseLock.lockFileOf(work.resolve("data").resolve("incident-bot.db"));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(lockFile)
                && Files.readString(lockFile).strip().equals(Long.toString(first.pid())));

        Process second = serve("second");
        second.getOutputStream().close();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(2);
        List<String> err = Files.readAllLines(work.resolve("second.err"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        assertThat(err).containsExactly("incident-bot: " + work.resolve("data").resolve("incident-bot.db").toAbsolutePath()
                + " is in use by another incident-bot (pid " + first.pid() + "); stop it, or give this one another --data-dir.");
        assertThat(first.isAlive()).as("the first keeps running").isTrue();
    }

    @Test
    void theLockIsFreeAgainOnceItsHolderIsKilled() throws Exception {
        Process first = serve("first");
        Path lockFile = DatabaseLock.lockFileOf(work.resolve("data").resolve("incident-bot.db"));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(lockFile)
                && Files.readString(lockFile).strip().equals(Long.toString(first.pid())));
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        try (DatabaseLock lock = DatabaseLock.acquire(work.resolve("data").resolve("incident-bot.db"))) {
            assertThat(Files.readString(lockFile).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }
}
