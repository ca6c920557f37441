package dev.incidentbot.integration.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.incidentbot.integration.alertmanager.testing.RealAlertmanager;
import dev.incidentbot.integration.alertmanager.testing.RealAlertmanager.PostedAlert;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser and the bearer check against what the real Alertmanager sends, not against our idea of it. */
@Tag("processes")
class RealAlertmanagerWireTest {
    private record Received(Optional<String> authorization, byte[] body) { }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @BeforeEach
    void receiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/alerts/alertmanager", exchange -> {
            received.add(new Received(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void firingThenResolvedArriveAsVersion4WithTheBearerToken(@TempDir Path dir) throws Exception {
        URI webhook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts/alertmanager");
        try (RealAlertmanager am = RealAlertmanager.start(dir, webhook, "wire-token", RealAlertmanager.Route.fast("alertname"))) {
            PostedAlert alert = PostedAlert.firing(Map.of("alertname", "HighLatency", "severity", "critical", "service", "checkout"),
                    Map.of("summary", "Checkout p95 above 2s"));
            am.push(List.of(alert));
            AlertNotification firing = awaitNotification(AlertStatus.FIRING);
            assertThat(firing.groupKey()).isEqualTo("{}:{alertname=\"HighLatency\"}");
            assertThat(firing.alerts()).singleElement().satisfies(a -> {
                assertThat(a.labels()).containsEntry("service", "checkout");
                assertThat(a.annotations()).containsEntry("summary", "Checkout p95 above 2s");
                assertThat(a.generatorUrl()).hasValue(alert.generatorUrl());
                assertThat(a.fingerprint()).isNotEmpty();
            });
            assertThat(new GroupPlanner(new AlertsSettings(Optional.empty(),
                    List.of(new AlertRule(Map.of("severity", "critical"), "sev1")), Optional.empty()))
                    .plan(firing, false, k -> false)).isInstanceOf(GroupAction.Declare.class);

            am.push(List.of(alert.resolvedAt(Instant.now().minusSeconds(1))));
            AlertNotification resolved = awaitNotification(AlertStatus.RESOLVED);
            assertThat(resolved.groupKey()).isEqualTo(firing.groupKey());
            assertThat(resolved.resolved()).singleElement().satisfies(a -> {
                assertThat(a.fingerprint()).isEqualTo(firing.alerts().get(0).fingerprint());
                assertThat(a.stateKey()).isNotEqualTo(firing.alerts().get(0).stateKey());
            });
            assertThat(received).allSatisfy(r -> assertThat(BearerCheck.check(Optional.of("wire-token"), r.authorization()))
                    .isEqualTo(BearerCheck.Verdict.ACCEPTED));
        }
    }

    private AlertNotification awaitNotification(AlertStatus status) {
        NotificationParser parser = new NotificationParser();
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Received r : received) {
                AlertNotification n = parser.parse(r.body());
                if (n.status() == status) {
                    return Optional.of(n);
                }
            }
            return Optional.<AlertNotification>empty();
        }, Optional::isPresent).orElseThrow();
    }
}
