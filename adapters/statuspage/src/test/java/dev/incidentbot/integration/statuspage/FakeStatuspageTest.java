package dev.incidentbot.integration.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.integration.statuspage.testing.FakeStatuspage;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake rejects what Statuspage rejects, and the client files each answer under the right kind. */
class FakeStatuspageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    FakeStatuspage fake;

    @BeforeEach
    void start() {
        fake = new FakeStatuspage("good-key", "abc123", Set.of("cmp1"));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private StatuspageClient client(String page, String key) {
        return new StatuspageClient(URI.create(fake.url()), page, key);
    }

    private static ObjectNode incident() {
        ObjectNode i = JSON.createObjectNode();
        i.put("name", "Checkout errors");
        i.put("status", "investigating");
        i.put("body", "We are investigating.");
        i.putArray("component_ids").add("cmp1");
        i.putObject("components").put("cmp1", "major_outage");
        return i;
    }

    @Test
    void createThenUpdateWithTheOAuthKey() {
        String id = client("abc123", "good-key").create(incident()).path("id").asText();
        client("abc123", "good-key").update(id, JSON.createObjectNode().put("status", "resolved").put("body", "Fixed."));
        assertThat(fake.incidents()).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo("resolved");
            assertThat(i.updates()).containsExactly("We are investigating.", "Fixed.");
        });
        assertThat(fake.components()).containsEntry("cmp1", "major_outage");
    }

    @Test
    void aWrongKeyIsRefused() {
        assertThatThrownBy(() -> client("abc123", "bad-key").create(incident()))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("401");
        assertThat(fake.incidents()).isEmpty();
    }

    @Test
    void anUnknownPageOrComponentIsRefused() {
        assertThatThrownBy(() -> client("nope", "good-key").create(incident()))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("404");
        ObjectNode i = incident();
        i.putArray("component_ids").add("cmp9");
        assertThatThrownBy(() -> client("abc123", "good-key").create(i))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("422").hasMessageContaining("cmp9");
        assertThatThrownBy(() -> client("abc123", "good-key").create(incident().put("status", "broken")))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("status is not one of");
        assertThat(fake.incidents()).isEmpty();
    }
}
