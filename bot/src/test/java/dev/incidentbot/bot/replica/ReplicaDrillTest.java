package dev.incidentbot.bot.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.StorageTarget;
import dev.incidentbot.bot.testing.TestPostgres;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.SignedSlackClient;
import dev.incidentbot.slack.testing.SignedSlackClient.SlashCommand;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica drill: two bot processes ({@code Main}, as operators run it) on one PostgreSQL, serving Slack over HTTP
 * against the strict fake Web API. Declares alternate between them; then one is killed with SIGKILL while its
 * reminders are due and its outbox is busy. The survivor takes the lanes over when their leases run out, Quartz
 * recovers the dead instance's triggers, and every reminder is recorded exactly once.
 */
class ReplicaDrillTest {
    private static final String SECRET = "drill-signing-secret-0123456789";
    private static final String ALICE = "U0ALICE01";
    private static final int DECLARES = Integer.getInteger("drill.declares", 200);
    private static final Pattern CHANNEL = Pattern.compile("inc-\\d{8}-(\\d+)-.*");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    FakeSlackWebApi slack;
    StorageTarget.Postgres pg;
    final List<Process> bots = new ArrayList<>();

    @BeforeEach
    void start() {
        slack = FakeSlackWebApi.start();
        slack.addUser(ALICE, "alice", "alice@example.com");
        // Slack answers in a few hundred ms, not at once.
        slack.delayEachCall(Duration.ofMillis(100));
        pg = TestPostgres.newDatabase();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : bots) {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        slack.close();
    }

    @Test
    void twoReplicasShareTheWorkAndTheSurvivorOfAKillFinishesItExactlyOnce() throws Exception {
        slack.addChannel("general", ALICE);
        Path config = dir.resolve("drill.yaml");
        // Escalation 25 s after each declare: they fall due while the drill kills a replica.
        Files.writeString(config, """
                severities:
                  sev1:
                    name: Critical
                    acknowledge_within: 20s
                    update_every: 1h
                    escalation:
                      - after: 0s
                        notify: ["@oncall-primary"]
                      - after: 25s
                        notify: ["@eng-lead"]
                """);
        int portA = freePort();
        int portB = freePort();
        Process a = launch("a", portA, config);
        Process b = launch("b", portB, config);
        awaitReady(a, "a", portA);
        awaitReady(b, "b", portB);

        List<SignedSlackClient> replicas = List.of(
                new SignedSlackClient(URI.create("http://127.0.0.1:" + portA + "/slack/events"), SECRET),
                new SignedSlackClient(URI.create("http://127.0.0.1:" + portB + "/slack/events"), SECRET));
        ExecutorService people = Executors.newFixedThreadPool(4);
        List<Future<String>> acks = new ArrayList<>();
        List<Long> ackNanos = new java.util.concurrent.CopyOnWriteArrayList<>();
        long declaring = System.nanoTime();
        for (int k = 0; k < DECLARES; k++) {
            SignedSlackClient via = replicas.get(k % 2);
            String title = "drill outage " + k;
            acks.add(people.submit(() -> {
                long sent = System.nanoTime();
                try {
                    return answer(via, "sev1 " + title);
                } finally {
                    ackNanos.add(System.nanoTime() - sent);
                }
            }));
        }
        List<Long> numbers = new ArrayList<>();
        for (Future<String> ack : acks) {
            Matcher m = Pattern.compile("Declaring INC-(\\d+)").matcher(ack.get());
            assertThat(m.find()).as("ack %s", ack.get()).isTrue();
            numbers.add(Long.parseLong(m.group(1)));
        }
        double declareSeconds = (System.nanoTime() - declaring) / 1e9;
        people.shutdown();
        assertThat(numbers).hasSize(DECLARES).doesNotHaveDuplicates();

        // Every incident got its channel, once.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> incidentChannels().size() == DECLARES);
        // Kill -9 replica a while the reminders fall due and the outbox still works.
        a.destroyForcibly();
        assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long killed = System.nanoTime();

        try (Database db = Database.open(pg)) {
            // Every incident's second escalation is recorded, on the survivor if not before the kill...
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count(db, "SELECT COUNT(DISTINCT incident_id) FROM timeline_event WHERE type = 'escalated' "
                            + "AND payload LIKE '%\"step\":1%'") == DECLARES);
            // ...and the outbox drains, including the lanes the dead replica held.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count(db, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL") == 0);
            double drainedAfterKill = (System.nanoTime() - killed) / 1e9;
            List<Long> sorted = ackNanos.stream().sorted().toList();
            // Figures for the README, printed beside the drill (never asserted: this machine's load varies).
            System.out.printf(java.util.Locale.ROOT, "replica drill (2 replicas, PostgreSQL 17, fake Slack at 100 ms/call): "
                    + "%d declares in %.1f s (%.1f/s), answer p50 %d ms, p99 %d ms; after kill -9: escalations and outbox "
                    + "done in %.1f s%n", DECLARES, declareSeconds, DECLARES / declareSeconds,
                    sorted.get(sorted.size() / 2) / 1_000_000, sorted.get((int) (sorted.size() * 0.99)) / 1_000_000,
                    drainedAfterKill);
            // Exactly once: no incident has a reminder or escalation step recorded twice.
            Map<String, Integer> seen = new HashMap<>();
            db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT incident_id, type, payload FROM timeline_event "
                        + "WHERE type IN ('escalated', 'reminder_sent')"); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        var payload = JSON.readTree(rs.getString(3));
                        String key = rs.getLong(1) + " " + rs.getString(2) + " "
                                + payload.path("step").asText(payload.path("kind").asText());
                        seen.merge(key, 1, Integer::sum);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
            assertThat(seen).isNotEmpty();
            assertThat(seen.entrySet().stream().filter(e -> e.getValue() > 1).toList()).as("recorded twice").isEmpty();
            assertThat(count(db, "SELECT COUNT(*) FROM incident")).isEqualTo(DECLARES);
        }
        assertThat(incidentChannels()).hasSize(DECLARES);
        assertThat(b.isAlive()).isTrue();
    }

    /** The bot's answer: in the acknowledgement, or (when the bot was busy) posted to the response_url soon after. */
    private String answer(SignedSlackClient via, String text) {
        String responseUrl = slack.newResponseUrl();
        String ack = via.slashCommand(new SlashCommand("/incident", text, ALICE, "alice", slack.channelNamed("general")
                .orElseThrow().id(), "general", responseUrl, "t" + text.hashCode())).body();
        if (!ack.contains("the bot is busy")) {
            return ack;
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> slack.responseUrlPosts()
                .stream().anyMatch(p -> p.responseUrl().endsWith(URI.create(responseUrl).getPath())));
        return slack.responseUrlPosts().stream().filter(p -> p.responseUrl().endsWith(URI.create(responseUrl).getPath())).findFirst()
                .orElseThrow().body().toString();
    }

    /** Incident number to how many channels the fake has for it. */
    private Map<Long, Integer> incidentChannels() {
        Map<Long, Integer> out = new HashMap<>();
        for (FakeSlackWebApi.Call call : slack.calls("conversations.create")) {
            Matcher m = CHANNEL.matcher(call.param("name"));
            if (m.matches() && slack.channelNamed(call.param("name")).isPresent()) {
                out.merge(Long.parseLong(m.group(1)), 1, Integer::sum);
            }
        }
        return out;
    }

    private static long count(Database db, String sql) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private Process launch(String name, int port, Path config) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.incidentbot.bot.cli.Main", "--config", config.toString(), "--http-port", Integer.toString(port),
                "--data-dir", dir.resolve("data-" + name).toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("MATRIX_") || k.startsWith("INCIDENT_BOT_"));
        env.put("SLACK_BOT_TOKEN", FakeSlackWebApi.TOKEN);
        env.put("SLACK_SIGNING_SECRET", SECRET);
        env.put("SLACK_API_URL", slack.apiUrl().toString());
        env.put("INCIDENT_BOT_STORAGE_URL", pg.url());
        env.put("INCIDENT_BOT_STORAGE_USER", "postgres");
        Process p = pb.start();
        bots.add(p);
        return p;
    }

    private void awaitReady(Process p, String name, int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            assertThat(p.isAlive()).as("replica %s exited: %s", name, output(name)).isTrue();
            return http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        });
    }

    private String output(String name) {
        try {
            return Files.readString(dir.resolve(name + ".out")) + Files.readString(dir.resolve(name + ".err"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
