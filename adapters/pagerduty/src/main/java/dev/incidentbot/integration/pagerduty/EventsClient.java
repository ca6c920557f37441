package dev.incidentbot.integration.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.integration.JsonHttpClient;
import dev.incidentbot.integration.JsonHttpClient.Refusals;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs one event to the Events API v2 ({@code /v2/enqueue}). Results as PagerDuty documents them (developer-docs,
 * events-API-v2/01-Overview.md, "Response Codes & Retry Logic"): 202 accepted; 400 invalid, do not retry; 429 and
 * 5xx and network errors, retry later.
 */
final class EventsClient {
    /** PagerDuty's error body: {@code {"status": "invalid event", "message": "Event object is invalid", "errors": [...]}}. */
    static final Refusals REFUSALS = Refusals.byStatus("PagerDuty", status -> status == 429 || status >= 500, "rejected",
            answer -> {
                JsonNode body = answer.body();
                return body.path("message").asText("HTTP " + answer.status())
                        + (body.path("errors").isArray() && !body.path("errors").isEmpty() ? ": " + body.path("errors") : "");
            });

    private final URI url;
    private final JsonHttpClient http = new JsonHttpClient("PagerDuty",
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), Duration.ofSeconds(10), Map.of(), REFUSALS);

    EventsClient(URI url) {
        this.url = url;
    }

    /** Send {@code event}; returns the dedup_key PagerDuty answered with. */
    String send(ObjectNode event) {
        JsonNode answer = http.call("POST", url, Optional.of(event), "the event");
        return answer.path("dedup_key").asText(event.path("dedup_key").asText());
    }
}
