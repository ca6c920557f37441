package dev.incidentbot.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.chat.ReplyHandle;
import java.util.Objects;

/**
 * What a {@link ReplyHandle} holds on Slack: the request's {@code response_url} (may be empty, e.g. for reactions)
 * and the channel and user, so {@code chat.postEphemeral} can stand in once the response_url has expired.
 */
record ReplyTarget(String responseUrl, String channelId, String userId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    ReplyTarget {
        Objects.requireNonNull(responseUrl, "responseUrl");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(userId, "userId");
    }

    ReplyHandle toHandle() {
        return new ReplyHandle(JSON.createObjectNode().put("response_url", responseUrl).put("channel", channelId)
                .put("user", userId).toString());
    }

    /** Throws {@link IllegalArgumentException} for a handle another platform issued. */
    static ReplyTarget from(ReplyHandle handle) {
        try {
            JsonNode node = JSON.readTree(handle.value());
            if (node == null || !node.isObject() || !node.has("channel")) {
                throw new IllegalArgumentException("not a Slack reply handle");
            }
            return new ReplyTarget(node.path("response_url").asText(), node.path("channel").asText(),
                    node.path("user").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Slack reply handle", e);
        }
    }
}
