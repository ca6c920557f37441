package dev.incidentbot.integration.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.integration.JsonHttpClient;
import dev.incidentbot.integration.JsonHttpClient.Refusals;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The three Statuspage REST calls the bot makes (developer.statuspage.io: "Create an incident", "Update an incident",
 * "Get a list of unresolved incidents"), authenticated as {@code Authorization: OAuth <key>}. 4xx other than
 * 420/429 are permanent (bad key, unknown page or component); 420/429, 5xx and network errors are retried.
 */
final class StatuspageClient {
    /** Statuspage's error body: {@code {"error": ...}}. */
    static final Refusals REFUSALS = Refusals.byStatus("Statuspage",
            status -> status == 420 || status == 429 || status >= 500, "refused",
            answer -> answer.body().path("error").isMissingNode() ? "HTTP " + answer.status() : answer.body().path("error").toString());

    private final URI base;
    private final String pageId;
    private final JsonHttpClient http;

    StatuspageClient(URI base, String pageId, String apiKey) {
        this.base = base;
        this.pageId = pageId;
        this.http = new JsonHttpClient("Statuspage", HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                Duration.ofSeconds(10), Map.of("Authorization", "OAuth " + apiKey, "Accept", "application/json"), REFUSALS);
    }

    JsonNode create(ObjectNode incident) {
        return send("POST", "/pages/" + pageId + "/incidents", Optional.of(wrap(incident)));
    }

    JsonNode update(String incidentId, ObjectNode incident) {
        return send("PATCH", "/pages/" + pageId + "/incidents/" + incidentId, Optional.of(wrap(incident)));
    }

    JsonNode incident(String incidentId) {
        return send("GET", "/pages/" + pageId + "/incidents/" + incidentId, Optional.empty());
    }

    JsonNode unresolved() {
        return send("GET", "/pages/" + pageId + "/incidents/unresolved", Optional.empty());
    }

    private static ObjectNode wrap(ObjectNode incident) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("incident", incident);
        return body;
    }

    private JsonNode send(String method, String path, Optional<JsonNode> body) {
        return http.call(method, URI.create(base + path), body, method + " " + path);
    }
}
