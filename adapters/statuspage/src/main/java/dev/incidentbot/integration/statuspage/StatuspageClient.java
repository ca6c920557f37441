package dev.incidentbot.integration.statuspage;

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
 * The three Statuspage REST calls the bot makes (developer.statuspage.io: "Create an incident", "Update an incident",
 * "Get a list of unresolved incidents"), authenticated as {@code Authorization: OAuth <key>}. 4xx other than
 * 420/429 are permanent (bad key, unknown page or component); 420/429, 5xx and network errors are retried.
 */
final class StatuspageClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final String pageId;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    StatuspageClient(URI base, String pageId, String apiKey) {
        this.base = base;
        this.pageId = pageId;
        this.apiKey = apiKey;
    }

    JsonNode create(ObjectNode incident) {
        return send("POST", "/pages/" + pageId + "/incidents", wrap(incident));
    }

    JsonNode update(String incidentId, ObjectNode incident) {
        return send("PATCH", "/pages/" + pageId + "/incidents/" + incidentId, wrap(incident));
    }

    JsonNode unresolved() {
        return send("GET", "/pages/" + pageId + "/incidents/unresolved", null);
    }

    private static ObjectNode wrap(ObjectNode incident) {
        ObjectNode body = JSON.createObjectNode();
        body.set("incident", incident);
        return body;
    }

    private JsonNode send(String method, String path, ObjectNode body) {
        HttpResponse<String> response;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "OAuth " + apiKey).header("Accept", "application/json");
            if (body == null) {
                b.GET();
            } else {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
            }
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryException.Retryable("Statuspage unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException.Retryable("interrupted while calling Statuspage", e);
        }
        int status = response.statusCode();
        JsonNode answer = parse(response.body());
        if (status >= 200 && status < 300) {
            return answer;
        }
        String detail = answer.path("error").isMissingNode() ? "HTTP " + status : answer.path("error").toString();
        if (status == 420 || status == 429 || status >= 500) {
            Duration after = response.headers().firstValue("Retry-After").flatMap(StatuspageClient::seconds).orElse(Duration.ZERO);
            throw new DeliveryException.Retryable("Statuspage answered " + status + " (" + detail + ")", after, null);
        }
        throw new DeliveryException.Permanent("Statuspage refused " + method + " " + path + ": " + status + " " + detail);
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
