package dev.incidentbot.bot.matrix;

import static dev.incidentbot.bot.matrix.MatrixBot.WAIT;
import static dev.incidentbot.bot.matrix.MatrixBot.awaitReply;
import static dev.incidentbot.bot.matrix.MatrixBot.roomWithBot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.cli.Main;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.matrix.testing.Responder;
import dev.incidentbot.matrix.testing.TestHomeserver;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in its own JVM, configured only by environment and command line, against the test Synapse. */
@ExtendWith(TestHomeserver.Extension.class)
class MatrixMainProcessTest {
    /** A fresh JVM with the whole classpath, Flyway and Quartz, on two busy cores. */
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("incident-bot ready: .*http port (\\d+)");

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** {@code incident-bot --http-port 0 --data-dir DIR/data}, run in DIR (no config/ there: the bundled config). */
    private Process launch(Path dir, Map<String, String> matrixEnv) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The bot's own logging, as in its jar: the adapters' test-jars on this classpath carry logback-test.xml.
        URL logging = Main.class.getClassLoader().getResource("logback.xml");
        assertThat(logging).isNotNull();
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + logging, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--http-port", "0", "--data-dir", dir.resolve("data").toString())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(emptyFile(dir)))
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectError(dir.resolve("stderr.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MATRIX_") || k.startsWith("SLACK_"));
        pb.environment().putAll(matrixEnv);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static java.io.File emptyFile(Path dir) throws IOException {
        Path empty = dir.resolve("stdin");
        Files.write(empty, new byte[0]);
        return empty.toFile();
    }

    private static String stderr(Path dir) {
        try {
            return Files.exists(dir.resolve("stderr.log")) ? Files.readString(dir.resolve("stderr.log")) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void mainServesMatrixFromTheEnvironmentAndAnswersADeclaration(TestHomeserver hs, @TempDir Path dir) throws Exception {
        Process bot = launch(dir, Map.of("MATRIX_HOMESERVER_URL", hs.baseUri().toString(),
                "MATRIX_ACCESS_TOKEN", hs.bot().accessToken()));

        int port;
        try {
            port = await("ready line in the log").atMost(STARTUP).until(() -> {
                if (!bot.isAlive()) {
                    throw new AssertionError("the bot exited with " + bot.exitValue() + ":\n" + stderr(dir));
                }
                Matcher m = READY.matcher(stderr(dir));
                return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.<Integer>empty();
            }, Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no ready line; the bot's log:\n" + stderr(dir), e);
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build();
        // Ready once Matrix's first sync answered; what alice types after that is not old history.
        await("/readyz").atMost(WAIT).until(() -> http.send(readyz, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        assertThat(http.send(readyz, HttpResponse.BodyHandlers.ofString()).body()).contains("platform matrix: ready");

        Responder alice = hs.alice();
        String room = roomWithBot(hs, alice);
        String title = "Login page blank " + UUID.randomUUID().toString().substring(0, 6);
        String command = alice.say(room, "!incident sev2 " + title);

        assertThat(awaitReply(hs, alice, room, command).text("body")).contains("(SEV2 High): " + title);
        alice.awaitEvent(room, e -> e.sender().equals(hs.bot().userId()) && e.text("body").contains("SEV2 declared: " + title));

        bot.destroy();
        assertThat(bot.waitFor(30, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
        assertThat(stderr(dir)).doesNotContain("were not delivered");
        // What it did is in the SQLite file under --data-dir, its outbox drained before it exited.
        try (Database db = Database.open(dir.resolve("data").resolve("incident-bot.db"))) {
            assertThat(column(db, "SELECT title FROM incident")).containsExactly(title);
            assertThat(column(db, "SELECT id FROM outbox WHERE delivered_at IS NULL")).isEmpty();
        }
    }

    private static List<String> column(Database db, String sql) {
        return db.read(c -> {
            List<String> values = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        });
    }

    @Test
    void aTokenTheHomeserverRefusesStopsStartUpWithExitCode2NamingTheVariable(TestHomeserver hs, @TempDir Path dir)
            throws Exception {
        Process bot = launch(dir, Map.of("MATRIX_HOMESERVER_URL", hs.baseUri().toString(),
                "MATRIX_ACCESS_TOKEN", "syt_not_a_real_token"));

        assertThat(bot.waitFor(60, TimeUnit.SECONDS)).as("exits").isTrue();
        assertThat(bot.exitValue()).as("exit code; stderr:\n%s", stderr(dir)).isEqualTo(2);
        assertThat(stderr(dir)).contains("MATRIX_ACCESS_TOKEN").doesNotContain("syt_not_a_real_token");
    }
}
