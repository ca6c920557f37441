package dev.incidentbot.integration.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads Alertmanager's webhook body (payload version 4) strictly: a missing or mistyped field is an error naming
 * the field, so a misconfigured sender hears about it instead of the bot guessing.
 */
public final class NotificationParser {
    /** Alertmanager writes this for an end time it does not know yet (Go's zero time). */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper();

    public AlertNotification parse(byte[] body) throws MalformedNotification {
        if (body.length > MAX_BODY_BYTES) {
            throw new MalformedNotification("body too large (" + body.length + " bytes; at most " + MAX_BODY_BYTES + ")");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedNotification("body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedNotification("body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedNotification("body must be a JSON object (Alertmanager webhook payload)");
        }
        String version = root.path("version").asText("");
        if (!version.equals("4")) {
            throw new MalformedNotification("version must be \"4\" (Alertmanager webhook payload), got \"" + version + "\"");
        }
        String groupKey = text(root, "groupKey");
        if (groupKey.isEmpty()) {
            throw new MalformedNotification("groupKey must not be empty");
        }
        JsonNode alertsNode = root.get("alerts");
        if (alertsNode == null || !alertsNode.isArray()) {
            throw new MalformedNotification("alerts must be an array");
        }
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < alertsNode.size(); i++) {
            alerts.add(alert(alertsNode.get(i), "alerts[" + i + "]"));
        }
        JsonNode truncated = root.get("truncatedAlerts");
        return new AlertNotification(groupKey, status(root, "status"), text(root, "receiver"),
                labels(root, "groupLabels"), labels(root, "commonLabels"), labels(root, "commonAnnotations"),
                optionalText(root, "externalURL"), alerts,
                truncated != null && truncated.canConvertToInt() ? truncated.intValue() : 0);
    }

    private static Alert alert(JsonNode node, String where) throws MalformedNotification {
        if (node == null || !node.isObject()) {
            throw new MalformedNotification(where + " must be an object");
        }
        Instant startsAt = time(node, "startsAt", where).orElseThrow(
                () -> new MalformedNotification(where + ".startsAt must be an RFC 3339 time"));
        return new Alert(status(node, "status"), labels(node, "labels"), labels(node, "annotations"),
                startsAt, time(node, "endsAt", where), optionalText(node, "generatorURL"),
                optionalText(node, "fingerprint").orElse(""));
    }

    private static AlertStatus status(JsonNode node, String field) throws MalformedNotification {
        String wire = text(node, field);
        return AlertStatus.parse(wire).orElseThrow(() -> new MalformedNotification(
                field + " must be \"firing\" or \"resolved\", got \"" + wire + "\""));
    }

    private static String text(JsonNode node, String field) throws MalformedNotification {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedNotification(field + " must be a string");
        }
        return value.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.textValue().isEmpty()
                ? Optional.of(value.textValue()) : Optional.empty();
    }

    private static Optional<Instant> time(JsonNode node, String field, String where) throws MalformedNotification {
        Optional<String> wire = optionalText(node, field);
        if (wire.isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant t = OffsetDateTime.parse(wire.get()).toInstant();
            return t.equals(GO_ZERO_TIME) ? Optional.empty() : Optional.of(t);
        } catch (DateTimeParseException e) {
            throw new MalformedNotification(where + "." + field + " must be an RFC 3339 time, got \"" + wire.get() + "\"");
        }
    }

    private static TreeMap<String, String> labels(JsonNode node, String field) throws MalformedNotification {
        JsonNode value = node.get(field);
        TreeMap<String, String> out = new TreeMap<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isObject()) {
            throw new MalformedNotification(field + " must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isTextual()) {
                throw new MalformedNotification(field + "." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }
}
