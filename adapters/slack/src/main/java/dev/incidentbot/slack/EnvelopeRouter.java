package dev.incidentbot.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.bolt.App;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.request.SocketModeRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;
import com.slack.api.socket_mode.request.SocketModeEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket Mode envelopes into the same Bolt app the HTTP endpoint runs ({@link InboundRoutes}): Bolt's own
 * {@link SocketModeRequestParser} turns an envelope into the request Bolt would have built from Slack's HTTP POST, and
 * what the app answers (the slash command's ephemeral reply, a modal's field errors) becomes the acknowledgement's
 * {@code payload}. Each delivery is processed once ({@link RecentDeliveries}); a redelivery gets the first answer
 * again. Work runs on {@code workers}, never on the socket's read thread.
 */
final class EnvelopeRouter {

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final App app;
    private final SocketModeRequestParser parser;
    private final ExecutorService workers;
    private final RecentDeliveries recent;

    EnvelopeRouter(App app, ExecutorService workers, RecentDeliveries recent) {
        this.app = app;
        this.parser = new SocketModeRequestParser(app.config());
        this.workers = workers;
        this.recent = recent;
    }

    /** Takes one envelope from the socket; returns at once. */
    void route(String envelope, SocketModeLink.AckChannel ack) {
        try {
            workers.execute(() -> handle(envelope, ack));
        } catch (RejectedExecutionException e) {
            LOG.debug("Socket Mode stopping; leaving an envelope unacknowledged for Slack to redeliver");
        }
    }

    private void handle(String text, SocketModeLink.AckChannel ack) {
        SocketModeRequest request;
        try {
            request = parser.parse(text);
        } catch (RuntimeException e) {
            LOG.warn("Unreadable Socket Mode envelope: {}", e.toString());
            envelopeId(text).ifPresent(id -> send(ack, id, Optional.empty()));
            return;
        }
        if (request == null || request.getBoltRequest() == null) {
            // A kind of envelope Bolt has no request for: acknowledge it, or Slack keeps redelivering.
            envelopeId(text).ifPresent(id -> send(ack, id, Optional.empty()));
            return;
        }
        SocketModeEnvelope envelope = request.getEnvelope();
        String envelopeId = envelope.getEnvelopeId() == null ? "" : envelope.getEnvelopeId();
        List<String> keys = deliveryKeys(envelope);
        RecentDeliveries.Claim claim = recent.claim(keys);
        if (claim instanceof RecentDeliveries.Claim.Repeat repeat) {
            LOG.info("Envelope {} ({}) was delivered before; acknowledged again, not processed again", envelopeId,
                    envelope.getType());
            repeat.answer().thenAccept(payload -> send(ack, envelopeId, payload));
            return;
        }
        RecentDeliveries.Claim.First first = (RecentDeliveries.Claim.First) claim;
        Optional<JsonNode> payload;
        try {
            Response response = app.run(request.getBoltRequest());
            payload = payloadOf(response, envelope.getType());
        } catch (Exception e) {
            // Like an HTTP 500: no acknowledgement, so Slack redelivers and the redelivery is processed.
            LOG.error("Failed to handle a {} envelope: {}", envelope.getType(), e.toString(), e);
            recent.forget(keys);
            first.answer().completeExceptionally(e);
            return;
        }
        first.answer().complete(payload);
        send(ack, envelopeId, payload);
    }

    /**
     * What identifies this delivery: the envelope id, and what Slack keeps across its own retries and the HTTP
     * transport's: the event's {@code event_id}, or the interaction's {@code trigger_id}.
     */
    static List<String> deliveryKeys(SocketModeEnvelope envelope) {
        List<String> keys = new ArrayList<>();
        if (envelope.getEnvelopeId() != null && !envelope.getEnvelopeId().isEmpty()) {
            keys.add("envelope:" + envelope.getEnvelopeId());
        }
        JsonElement payload = envelope.getPayload();
        if (payload != null && payload.isJsonObject()) {
            JsonObject p = payload.getAsJsonObject();
            string(p, "event_id").ifPresent(id -> keys.add("event:" + id));
            string(p, "trigger_id").ifPresent(id -> keys.add("trigger:" + id));
        }
        return keys;
    }

    private static Optional<String> string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() && !value.getAsString().isEmpty()
                ? Optional.of(value.getAsString()) : Optional.empty();
    }

    /** The acknowledgement payload for Bolt's answer: its JSON body, a text body as {@code text}, or none. */
    static Optional<JsonNode> payloadOf(Response response, String envelopeType) {
        if (response.getStatusCode() == null || response.getStatusCode() != 200) {
            LOG.debug("No handler answered a {} envelope (status {})", envelopeType, response.getStatusCode());
            return Optional.empty();
        }
        String body = response.getBody();
        if (body == null || body.isEmpty()) {
            return Optional.empty();
        }
        String type = response.getContentType() == null ? "" : response.getContentType();
        if (type.startsWith("application/json")) {
            try {
                return Optional.of(JSON.readTree(body));
            } catch (JsonProcessingException e) {
                LOG.warn("The app answered a {} envelope with unreadable JSON; acknowledged without it", envelopeType);
                return Optional.empty();
            }
        }
        return Optional.of(JSON.createObjectNode().put("text", body));
    }

    private static void send(SocketModeLink.AckChannel ack, String envelopeId, Optional<JsonNode> payload) {
        ObjectNode message = JSON.createObjectNode().put("envelope_id", envelopeId);
        payload.ifPresent(p -> message.set("payload", p));
        if (!ack.send(message.toString())) {
            LOG.info("Could not acknowledge envelope {}: its socket closed; Slack will redeliver it", envelopeId);
        }
    }

    private static Optional<String> envelopeId(String text) {
        try {
            String id = JSON.readTree(text).path("envelope_id").asText("");
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
