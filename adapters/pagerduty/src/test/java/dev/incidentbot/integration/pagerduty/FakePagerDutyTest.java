package dev.incidentbot.integration.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.integration.pagerduty.testing.FakePagerDuty;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake rejects what PagerDuty documents as invalid, and the client files each answer under the right kind. */
class FakePagerDutyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    FakePagerDuty fake;
    EventsClient client;
    String key;

    @BeforeEach
    void start() {
        fake = new FakePagerDuty();
        fake.fast();
        key = fake.addService("payments");
        client = new EventsClient(URI.create(fake.url()));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private ObjectNode trigger() {
        ObjectNode e = JSON.createObjectNode();
        e.put("routing_key", key);
        e.put("event_action", "trigger");
        e.put("dedup_key", "INC-1");
        ObjectNode p = e.putObject("payload");
        p.put("summary", "INC-1 down");
        p.put("source", "incident-bot");
        p.put("severity", "critical");
        return e;
    }

    @Test
    void aValidTriggerIsAcceptedAndASecondOneWithTheSameDedupKeyNotifiesNobody() {
        assertThat(client.send(trigger())).isEqualTo("INC-1");
        assertThat(client.send(trigger())).isEqualTo("INC-1");
        assertThat(fake.notifications()).hasSize(1);
        assertThat(fake.alerts().get(0).triggers()).isEqualTo(2);
    }

    @Test
    void aMissingRoutingKeyIsRejectedPermanently() {
        ObjectNode e = trigger();
        e.remove("routing_key");
        assertThatThrownBy(() -> client.send(e)).isInstanceOf(DeliveryException.Permanent.class)
                .hasMessageContaining("'routing_key' is missing or blank");
    }

    @Test
    void aWrongEventActionIsRejected() {
        ObjectNode e = trigger().put("event_action", "escalate");
        assertThatThrownBy(() -> client.send(e)).isInstanceOf(DeliveryException.Permanent.class)
                .hasMessageContaining("'event_action' is invalid");
    }

    @Test
    void aTriggerWithoutSummaryOrWithAnUnknownSeverityIsRejected() {
        ObjectNode e = trigger();
        ((ObjectNode) e.path("payload")).remove("summary");
        ((ObjectNode) e.path("payload")).put("severity", "high");
        assertThatThrownBy(() -> client.send(e)).isInstanceOf(DeliveryException.Permanent.class)
                .hasMessageContaining("'payload.summary' is missing").hasMessageContaining("'payload.severity' is invalid");
    }

    @Test
    void anAcknowledgeNeedsADedupKey() {
        ObjectNode e = JSON.createObjectNode().put("routing_key", key).put("event_action", "acknowledge");
        assertThatThrownBy(() -> client.send(e)).isInstanceOf(DeliveryException.Permanent.class)
                .hasMessageContaining("'dedup_key' is required for acknowledge");
    }

    @Test
    void rateLimitsAndServerErrorsAreRetryable() {
        fake.failNext(1, 429);
        assertThatThrownBy(() -> client.send(trigger())).isInstanceOf(DeliveryException.Retryable.class);
        fake.failNext(1, 500);
        assertThatThrownBy(() -> client.send(trigger())).isInstanceOf(DeliveryException.Retryable.class);
        assertThat(client.send(trigger())).isEqualTo("INC-1");
    }
}
