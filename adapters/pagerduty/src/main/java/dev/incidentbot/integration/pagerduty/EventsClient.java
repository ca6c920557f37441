package dev.incidentbot.integration.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.DeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * POSTs one event to the Events API v2 ({@code /v2/enqueue}). Results as PagerDuty documents them (developer-docs,
 * events-API-v2/01-Overview.md, "Response Codes & Retry Logic"): 202 accepted; 400 invalid, do not retry; 429 and
 * 5xx and network errors, retry later.
 */
final class EventsClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    EventsClient(URI url) {
        this.url = url;
    }

    /** Send {@code event}; returns the dedup_key PagerDuty answered with. */
    String send(ObjectNode event) {
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event), StandardCharsets.UTF_8))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryException.Retryable("PagerDuty unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException.Retryable("interrupted while paging", e);
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status == 202 || status == 200) {
            return body.path("dedup_key").asText(event.path("dedup_key").asText());
        }
        String detail = body.path("message").asText("HTTP " + status)
                + (body.path("errors").isArray() && !body.path("errors").isEmpty() ? ": " + body.path("errors").toString() : "");
        if (status == 429 || status >= 500) {
            Duration after = response.headers().firstValue("Retry-After").flatMap(EventsClient::seconds).orElse(Duration.ZERO);
            throw new DeliveryException.Retryable("PagerDuty answered " + status + " (" + detail + ")", after, null);
        }
        throw new DeliveryException.Permanent("PagerDuty rejected the event: " + status + " " + detail);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
