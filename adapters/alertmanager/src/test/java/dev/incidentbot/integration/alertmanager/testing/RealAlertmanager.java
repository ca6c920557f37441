package dev.incidentbot.integration.alertmanager.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}) for the tests: started on a free
 * loopback port with a temporary storage dir, clustering off, one route with short group_wait / group_interval to
 * a webhook receiver pointing at the bot with a bearer token. Alerts go in through its v2 API
 * ({@code POST /api/v2/alerts}), as Prometheus sends them. Not found: the test fails with the install command.
 */
public final class RealAlertmanager implements AutoCloseable {
    public static final String INSTALL = "sudo apt-get install -y prometheus-alertmanager";
    private static final List<String> CANDIDATES = List.of("/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager");

    private final Process process;
    private final URI baseUri;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    private RealAlertmanager(Process process, URI baseUri, Path dir) {
        this.process = process;
        this.baseUri = baseUri;
        this.dir = dir;
    }

    /** The route's timing and grouping; {@code groupBy} labels decide the groupKey. */
    public record Route(List<String> groupBy, Duration groupWait, Duration groupInterval, Duration repeatInterval) {
        public static Route fast(String... groupBy) {
            return new Route(List.of(groupBy), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1));
        }
    }

    public static Path binary() {
        Optional<String> configured = Optional.ofNullable(System.getenv("ALERTMANAGER_BIN"));
        for (String candidate : configured.map(List::of).orElse(CANDIDATES)) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("Prometheus Alertmanager is not installed (looked for " + CANDIDATES
                + " and $ALERTMANAGER_BIN). Install it: " + INSTALL);
    }

    public static RealAlertmanager start(Path dir, URI webhook, String token, Route route) throws IOException {
        Path binary = binary();
        Files.createDirectories(dir.resolve("data"));
        int port = freePort();
        Files.writeString(dir.resolve("alertmanager.yml"), config(webhook, token, route));
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=debug")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        RealAlertmanager am = new RealAlertmanager(process, URI.create("http://127.0.0.1:" + port), dir);
        am.awaitReady();
        return am;
    }

    private static String config(URI webhook, String token, Route route) {
        String groupBy = route.groupBy().stream().map(l -> "'" + l + "'").reduce((a, b) -> a + ", " + b).orElse("");
        return """
                route:
                  receiver: bot
                  group_by: [%s]
                  group_wait: %ds
                  group_interval: %ds
                  repeat_interval: %ds
                receivers:
                  - name: bot
                    webhook_configs:
                      - url: '%s'
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: '%s'
                """.formatted(groupBy, route.groupWait().toSeconds(), route.groupInterval().toSeconds(),
                route.repeatInterval().toSeconds(), webhook, token);
    }

    private void awaitReady() {
        try {
            Awaitility.await("Alertmanager ready (log: " + dir.resolve("alertmanager.log") + ")")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Alertmanager exited: " + log());
                        }
                        try {
                            return http.send(HttpRequest.newBuilder(baseUri.resolve("/-/ready")).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("alertmanager.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** An alert as Prometheus posts it; {@code endsAt} in the past resolves it. */
    public record PostedAlert(Map<String, String> labels, Map<String, String> annotations, Optional<Instant> endsAt,
                              String generatorUrl) {
        public static PostedAlert firing(Map<String, String> labels, Map<String, String> annotations) {
            return new PostedAlert(labels, annotations, Optional.empty(),
                    "http://prometheus.example:9090/graph?g0.expr=" + labels.getOrDefault("alertname", "up"));
        }

        public PostedAlert resolvedAt(Instant when) {
            return new PostedAlert(labels, annotations, Optional.of(when), generatorUrl);
        }
    }

    /** {@code POST /api/v2/alerts}, as Prometheus does; Alertmanager answers 200 with an empty body. */
    public void push(List<PostedAlert> alerts) throws IOException, InterruptedException {
        ArrayNode body = json.createArrayNode();
        for (PostedAlert a : alerts) {
            ObjectNode node = body.addObject();
            node.set("labels", json.valueToTree(a.labels()));
            node.set("annotations", json.valueToTree(a.annotations()));
            node.put("generatorURL", a.generatorUrl());
            a.endsAt().ifPresent(t -> {
                node.put("startsAt", t.minusSeconds(60).toString());
                node.put("endsAt", t.toString());
            });
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUri.resolve("/api/v2/alerts"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Alertmanager refused the alerts: " + response.statusCode() + " " + response.body());
        }
    }

    /** The sum of a counter on Alertmanager's own /metrics (e.g. alertmanager_notifications_total) over all labels. */
    public double metric(String name) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(baseUri.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
