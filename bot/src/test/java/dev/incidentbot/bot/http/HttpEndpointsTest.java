package dev.incidentbot.bot.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.template.TemplateRenderer;
import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.chat.InboundHandler;
import dev.incidentbot.chat.testing.ForwardingPlatform;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /healthz, /readyz and /metrics over real HTTP on a free port. */
class HttpEndpointsTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    TestBot bot;

    @BeforeEach
    void start() {
        bot = TestBot.start(dir, new InMemoryPlatform(), new MutableClock(TestBot.START), Optional.of(0));
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        assertThat(bot.app.httpPort()).isPositive();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.app.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndReadiness() throws Exception {
        HttpResponse<String> health = get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("database: ready", "outbox: ready", "platform memory: ready")
                .doesNotContain("not ready");
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void metricsCountIncidentsCommandsAndTheOutbox() throws Exception {
        bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
        bot.replyDelivered("alice", "#general", "sev2 search is slow");
        bot.replyDelivered("alice", "#general", "drill sev2 game day");
        bot.replyDelivered("bob", TestBot.INC1, "resolve rolled back");
        bot.reply("bob", "#general", "updte nonsense");

        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        assertThat(metrics.body()).contains(
                "incidents_declared{severity=\"sev1\"} 1.0",
                "incidents_declared{severity=\"sev2\"} 1.0", // the drill is excluded
                "incidents_declared{severity=\"sev3\"} 0.0",
                "incidents_open{severity=\"sev1\"} 0.0",
                "incidents_open{severity=\"sev2\"} 1.0",
                "outbox_depth 0.0",
                "commands_total{command=\"Declare\",outcome=\"applied\"} 3.0",
                "commands_total{command=\"Resolve\",outcome=\"applied\"} 1.0",
                "commands_total{command=\"Invalid\",outcome=\"rejected\"} 1.0");
        assertThat(metrics.body()).containsPattern("outbox_deliveries_total\\{platform=\"memory\"} [1-9]");
    }

    @Test
    void readinessFailsWhileAPlatformIsNotReady(@TempDir Path other) throws Exception {
        BotConfig config = ConfigLoader.load(Optional.empty())
                .withStoragePath(other.resolve("bot.db"));
        try (Application app = new Application(config,
                TemplateRenderer.load(other).renderer().orElseThrow(),
                Database.open(config.storagePath()),
                List.of(new InMemoryPlatform(), new NotReady()), new MutableClock(TestBot.START), Optional.of(0),
                Map.of())) {
            app.start();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/readyz"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("database: ready", "platform memory: ready", "platform matrix: not ready");
        }
    }

    /** A platform still connecting. */
    private static final class NotReady extends ForwardingPlatform {
        NotReady() {
            super(new InMemoryPlatform("matrix"));
        }

        @Override
        public String name() {
            return "matrix";
        }

        @Override
        public void start(InboundHandler handler) {
        }

        @Override
        public void stop() {
        }

        @Override
        public boolean isReady() {
            return false;
        }
    }

    @Test
    void metricsCountDeliveryFailures() throws Exception {
        bot.platform.failNext(2);
        bot.reply("alice", "#general", "sev1 checkout API returns 500s");
        bot.awaitDeliveredMovingClock();
        assertThat(get("/metrics").body()).contains("outbox_delivery_failures_total{permanent=\"false\",platform=\"memory\"} 2.0");
    }
}
