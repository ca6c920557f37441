package dev.incidentbot.bot.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reminders survive a restart, and a reminder whose due time passed while the bot was down is sent once: real bot
 * processes (console platform on stdin/stdout) on one data directory.
 */
class RestartMisfireTest {
    private static final String CONFIG = """
            storage:
              path: data/bot.db
            severities:
              sev1:
                name: Critical
                acknowledge_within: 1h
                update_every: 3s
                escalation:
                  - after: 0m
                    notify: ["@oncall-primary"]
            """;
    private static final Duration CADENCE = Duration.ofSeconds(3);
    /** Quartz's misfire threshold in ReminderScheduler: later than this, a trigger counts as misfired. */
    private static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopLeftovers() {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** A running child JVM and the lines it printed on stdout. */
    private record Bot(Process process, List<String> out) {
        long count(String text) {
            return out.stream().filter(l -> l.contains(text)).count();
        }
    }

    private Bot launch(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                "dev.incidentbot.bot.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve(name + ".stderr").toFile());
        pb.environment().put("LOG_LEVEL", "WARN");
        Process p = pb.start();
        started.add(p);
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            } catch (IOException e) {
                out.add("! stdout read failed: " + e);
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        return new Bot(p, out);
    }

    private String[] serve() {
        return new String[] {"--config", dir.resolve("bot.yaml").toString(), "--data-dir", dir.resolve("data").toString(),
                "--http-port", "0"};
    }

    private int awaitExit(Bot bot, String name) throws IOException {
        await(name + " exits").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> !bot.process().isAlive());
        int code = bot.process().exitValue();
        assertThat(code).as(name + " exit code; stderr: " + Files.readString(dir.resolve(name + ".stderr"))).isZero();
        return code;
    }

    private JsonNode exportJson() throws IOException {
        Bot export = launch("export", "export", "INC-1", "--format", "json", "--config", dir.resolve("bot.yaml").toString(),
                "--data-dir", dir.resolve("data").toString());
        export.process().getOutputStream().close();
        awaitExit(export, "export");
        await().atMost(Duration.ofSeconds(5)).until(() -> export.out().stream().anyMatch(l -> l.equals("}")));
        return new ObjectMapper().readTree(String.join("\n", export.out()));
    }

    private static List<JsonNode> events(JsonNode export, String type) {
        List<JsonNode> out = new ArrayList<>();
        export.path("events").forEach(e -> {
            if (e.path("type").asText().equals(type)) {
                out.add(e);
            }
        });
        return out;
    }

    @Test
    void aReminderDueWhileTheBotWasDownIsPostedExactlyOnceAfterTheRestart() throws Exception {
        Files.writeString(dir.resolve("bot.yaml"), CONFIG);

        // First run: declare, then end of input; the bot drains its outbox and exits before the update is due.
        Bot first = launch("first", serve());
        try (OutputStream in = first.process().getOutputStream()) {
            in.write("/incident sev1 database down\n".getBytes(StandardCharsets.UTF_8));
        }
        awaitExit(first, "first");
        assertThat(first.count("Declaring INC-1")).isEqualTo(1);
        assertThat(first.count("UPDATE DUE")).as("the first run ended before the reminder was due").isZero();

        JsonNode before = exportJson();
        Instant due = Instant.parse(before.path("incident").path("declared_at").asText()).plus(CADENCE);
        assertThat(events(before, "reminder_sent")).isEmpty();

        // Down past the due time, and past Quartz's misfire threshold, so the restart handles a misfired trigger.
        Instant misfired = due.plus(MISFIRE_THRESHOLD).plusMillis(500);
        await().atMost(Duration.between(Instant.now(), misfired).plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> Instant.now().isAfter(misfired));

        // Second run on the same data directory, its stdin held open until we have seen what it does.
        Bot second = launch("second", serve());
        OutputStream stdin = second.process().getOutputStream();
        await("the overdue reminder").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> second.count("UPDATE DUE") >= 1);
        // Hold for two seconds, less than one cadence, so only a repeat for the same due time could show up.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofMillis(2500)).pollInterval(Duration.ofMillis(50))
                .until(() -> second.count("UPDATE DUE") == 1);
        stdin.close();
        awaitExit(second, "second");

        JsonNode after = exportJson();
        List<JsonNode> reminders = events(after, "reminder_sent");
        assertThat(reminders).isNotEmpty();
        Instant firstReminder = Instant.parse(reminders.get(0).path("at").asText());
        assertThat(firstReminder).isAfter(misfired);
        // Exactly one reminder for that due time: any other is a whole cadence later, for the next one.
        assertThat(reminders.stream().map(r -> Instant.parse(r.path("at").asText()))
                .filter(t -> t.isBefore(firstReminder.plus(CADENCE)))).hasSize(1);
        assertThat(after.path("figures").path("reminders").asInt()).isEqualTo(reminders.size());
    }
}
