package dev.incidentbot.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.SignedSlackClient;
import dev.incidentbot.slack.testing.SignedSlackClient.SlashCommand;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point: {@code dev.incidentbot.bot.cli.Main} in a child JVM on the test classpath, configured for Slack
 * only through the environment, as an operator runs it.
 */
class SlackMainProcessEndToEndTest {

    private static final String SECRET = "main-process-signing-secret-42";
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private FakeSlackWebApi fake;
    private Process bot;

    @BeforeEach
    void startFake() {
        fake = FakeSlackWebApi.start();
        fake.addUser(SlackBot.ALICE, "alice", "alice@example.com");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (bot != null && bot.isAlive()) {
            bot.destroy();
            if (!bot.waitFor(15, TimeUnit.SECONDS)) {
                bot.destroyForcibly();
            }
        }
        fake.close();
    }

    @Test
    void mainServesSlackFromTheEnvironmentAndDeclares() throws Exception {
        String general = fake.addChannel("general", SlackBot.ALICE);
        int port = freePort();
        bot = launch(port, FakeSlackWebApi.TOKEN);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
        await().atMost(START).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            assertThat(bot.isAlive()).as("bot exited early: %s", output()).isTrue();
            return http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode() == 200;
        });
        assertThat(fake.calls("auth.test")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.token()).isEqualTo(FakeSlackWebApi.TOKEN));

        SignedSlackClient slack = new SignedSlackClient(URI.create("http://127.0.0.1:" + port + "/slack/events"),
                SECRET);
        HttpResponse<String> ack = slack.slashCommand(new SlashCommand("/incident", "sev1 checkout returns 500s",
                SlackBot.ALICE, "alice", general, "general", fake.newResponseUrl(), "1.2.3"));
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("Declaring INC-1");

        await().atMost(Duration.ofSeconds(15)).until(() -> fake.channelNamed(
                fake.calls("conversations.create").isEmpty() ? "-" : fake.calls("conversations.create").get(0)
                        .param("name")).isPresent());
        String name = fake.calls("conversations.create").get(0).param("name");
        assertThat(name).matches("inc-\\d{8}-1-checkout-returns-500s");
        FakeSlackWebApi.Channel channel = fake.channelNamed(name).orElseThrow();
        await().atMost(Duration.ofSeconds(15)).until(() -> fake.channel(channel.id()).orElseThrow().pins().size() == 1);
        assertThat(fake.channel(channel.id()).orElseThrow().members()).contains(SlackBot.ALICE);
        assertThat(Files.exists(dir.resolve("data").resolve("incident-bot.db"))).isTrue();

        // An unsigned request is refused by the running bot.
        assertThat(slack.send("command=/incident&text=sev1+x".getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded", Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenSlackRejectsStopsStartUpWithExitCode2NamingTheVariable() throws Exception {
        fake.acceptToken("xoxb-some-other-token");
        bot = launch(freePort(), FakeSlackWebApi.TOKEN);

        assertThat(bot.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("bot still running: %s", output()).isTrue();
        assertThat(bot.exitValue()).as(output()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("SLACK_BOT_TOKEN");
        assertThat(fake.calls("auth.test")).hasSize(1);
        assertThat(fake.calls()).extracting(FakeSlackWebApi.Call::method).containsOnly("auth.test");
    }

    private Process launch(int port, String token) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "dev.incidentbot.bot.cli.Main", "--http-port", Integer.toString(port),
                "--data-dir", dir.resolve("data").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("MATRIX_"));
        env.put("SLACK_BOT_TOKEN", token);
        env.put("SLACK_SIGNING_SECRET", SECRET);
        env.put("SLACK_API_URL", fake.apiUrl().toString());
        return pb.start();
    }

    private String output() {
        try {
            return "stdout:\n" + Files.readString(dir.resolve("stdout.txt")) + "\nstderr:\n"
                    + Files.readString(dir.resolve("stderr.txt"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
