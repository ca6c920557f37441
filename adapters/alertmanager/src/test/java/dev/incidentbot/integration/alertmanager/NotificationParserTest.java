package dev.incidentbot.integration.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The sample follows the payload documented at
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config (version 4); the wire test against the
 * real Alertmanager ({@code RealAlertmanagerWireTest}) checks the same parser on what it really sends.
 */
class NotificationParserTest {
    private final NotificationParser parser = new NotificationParser();

    @Test
    void readsEveryFieldOfTheDocumentedPayload() throws Exception {
        AlertNotification n = parser.parse(sample());
        assertThat(n.groupKey()).isEqualTo("{}:{alertname=\"HighLatency\"}");
        assertThat(n.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(n.receiver()).isEqualTo("bot");
        assertThat(n.commonLabels()).containsEntry("team", "payments");
        assertThat(n.externalUrl()).contains("http://alertmanager.example:9093");
        assertThat(n.alerts()).hasSize(2);
        Alert first = n.alerts().get(0);
        assertThat(first.startsAt()).isEqualTo(Instant.parse("2026-12-02T04:00:00.123Z"));
        assertThat(first.endsAt()).as("Go's zero time means unknown").isEmpty();
        assertThat(first.generatorUrl()).hasValueSatisfying(u -> assertThat(u).startsWith("http://prometheus.example"));
        assertThat(first.annotations()).containsEntry("summary", "Checkout p95 latency above 2s");
        assertThat(n.firing()).containsExactly(first);
        assertThat(n.resolved()).singleElement().satisfies(a -> {
            assertThat(a.endsAt()).contains(Instant.parse("2026-12-02T04:01:00Z"));
            assertThat(a.stateKey()).isEqualTo("1a1b2c3d4e5f6072:resolved:" + Instant.parse("2026-12-02T03:50:00Z").toEpochMilli());
        });
    }

    @Test
    void namesWhatIsWrongWithABadBody() {
        assertThatThrownBy(() -> parse("not json")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parse("[]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parse("{}")).hasMessage("version must be \"4\" (Alertmanager webhook payload), got \"\"");
        assertThatThrownBy(() -> parse(sampleText().replace("\"version\": \"4\"", "\"version\": \"3\"")))
                .hasMessageContaining("version must be \"4\"");
        assertThatThrownBy(() -> parse(sampleText().replace("\"groupKey\": \"{}:{alertname=\\\"HighLatency\\\"}\"", "\"groupKey\": \"\"")))
                .hasMessageContaining("groupKey must not be empty");
        assertThatThrownBy(() -> parse(sampleText().replace("\"status\": \"firing\",\n  \"alerts\"", "\"status\": \"burning\",\n  \"alerts\"")))
                .hasMessageContaining("must be \"firing\" or \"resolved\"");
        assertThatThrownBy(() -> parse(sampleText().replace("2026-12-02T04:00:00.123Z", "yesterday")))
                .hasMessageContaining("alerts[0].startsAt");
        assertThatThrownBy(() -> parse(sampleText().replace("\"service\": \"checkout\"", "\"service\": 7")))
                .hasMessageContaining("labels.service must be a string");
    }

    private AlertNotification parse(String body) throws MalformedNotification {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sample() throws IOException {
        try (InputStream in = NotificationParserTest.class.getResourceAsStream("/webhook-v4.json")) {
            return in.readAllBytes();
        }
    }

    static String sampleText() throws IOException {
        return new String(sample(), StandardCharsets.UTF_8);
    }
}
