package dev.incidentbot.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One room event as the client-server API returns it (timeline, fetched event, or stripped invite state).
 * {@code stateKey} is empty for message events; {@code content} is the raw JSON object, read by whoever needs it.
 */
public record RoomEvent(String eventId, String type, String sender, String stateKey, long originServerTs,
                        JsonNode content) {
    public RoomEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(stateKey, "stateKey");
        Objects.requireNonNull(content, "content");
    }

    static RoomEvent fromJson(JsonNode json) {
        return new RoomEvent(json.path("event_id").asText(""), json.path("type").asText(""),
                json.path("sender").asText(""), json.path("state_key").asText(""),
                json.path("origin_server_ts").asLong(0), json.path("content"));
    }

    /** A string field of the content, empty if absent. */
    public String text(String field) {
        return content.path(field).asText("");
    }
}
