package dev.incidentbot.integration.pagerduty.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A strict local PagerDuty Events API v2, built from PagerDuty's public documentation
 * (github.com/PagerDuty/developer-docs: docs/events-API-v2/02-Trigger-Events.md for the fields, the three
 * event actions and alert de-duplication; 01-Overview.md for the response codes and the 512 KB limit).
 * It answers after 100–300 ms like the real service; rejects with 400 what the documentation says is invalid (missing
 * or unknown routing key, wrong event_action, a trigger without summary, source or a valid severity, dedup_key over
 * 255 characters); and models alerts: a trigger for an open alert with the same dedup_key adds to it and notifies
 * nobody, acknowledge and resolve change its state, events for an unknown dedup_key are dropped.
 * Stricter than documented on purpose: unknown top-level fields are rejected (they would be a bug in the bot).
 */
public final class FakePagerDuty implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("routing_key", "event_action", "dedup_key", "payload", "images",
            "links", "client", "client_url");
    private static final Set<String> PAYLOAD_FIELDS = Set.of("summary", "source", "severity", "timestamp", "component",
            "group", "class", "custom_details");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    /** One alert: which service (routing key), its dedup_key, state, and when each thing happened. */
    public record Alert(String routingKey, String dedupKey, String summary, String severity, String state,
                        Instant triggeredAt, int triggers) { }

    /** An accepted or rejected request, as received. */
    public record Received(int status, JsonNode body) { }

    private final HttpServer server;
    private final Map<String, String> serviceByKey = new LinkedHashMap<>();
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final List<String> notifications = new ArrayList<>();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private final AtomicInteger loseResponseOfNext = new AtomicInteger();
    private volatile boolean slow = true;

    public FakePagerDuty() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** Register a service; returns its 32-character routing key (integration key). */
    public synchronized String addService(String name) {
        String key = (name.replaceAll("[^a-z0-9]", "") + "0123456789abcdef0123456789abcdef").substring(0, 32);
        serviceByKey.put(key, name);
        return key;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue";
    }

    /** Answer the next {@code n} requests with {@code status} before looking at them (an outage). */
    public void failNext(int n, int status) {
        failStatus = status;
        failNext.set(n);
    }

    /** Process the next {@code n} events, then answer 502 as a proxy would whose upstream reply was lost. */
    public void loseResponseOfNext(int n) {
        loseResponseOfNext.set(n);
    }

    public void fast() {
        slow = false;
    }

    public synchronized List<Alert> alerts() {
        return List.copyOf(alerts.values());
    }

    /** Who was notified: one entry "service: summary" per new alert (a de-duplicated trigger notifies nobody). */
    public synchronized List<String> notifications() {
        return List.copyOf(notifications);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public long accepted(String action) {
        return received.stream().filter(r -> r.status() == 202 && r.body().path("event_action").asText().equals(action)).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (slow) {
                pause(100 + ThreadLocalRandom.current().nextInt(200));
            }
            if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/v2/enqueue")) {
                answer(ex, 404, "{\"status\":\"not found\"}");
                return;
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(ex, failStatus, "{\"status\":\"error\",\"message\":\"injected " + failStatus + "\"}");
                return;
            }
            byte[] raw = ex.getRequestBody().readNBytes(512 * 1024 + 1);
            if (raw.length > 512 * 1024) {
                answer(ex, 400, invalid(List.of("Event payload exceeds 512 KB")));
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
            } catch (IOException e) {
                answer(ex, 400, invalid(List.of("Malformed JSON")));
                received.add(new Received(400, JSON.createObjectNode()));
                return;
            }
            List<String> errors = check(body, ex.getRequestHeaders().getFirst("Content-Type"));
            if (!errors.isEmpty()) {
                received.add(new Received(400, body));
                answer(ex, 400, invalid(errors));
                return;
            }
            String dedupKey = apply(body);
            received.add(new Received(202, body));
            if (loseResponseOfNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(ex, 502, "<html>502 Bad Gateway</html>");
                return;
            }
            ObjectNode ok = JSON.createObjectNode();
            ok.put("status", "success");
            ok.put("message", "Event processed");
            ok.put("dedup_key", dedupKey);
            answer(ex, 202, ok.toString());
        }
    }

    private synchronized List<String> check(JsonNode body, String contentType) {
        List<String> errors = new ArrayList<>();
        if (contentType == null || !contentType.startsWith("application/json")) {
            errors.add("Content-Type must be application/json");
        }
        if (!body.isObject()) {
            errors.add("Event object is invalid");
            return errors;
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                errors.add("Unknown field '" + f + "'");
            }
        }
        String key = body.path("routing_key").asText("");
        if (key.isEmpty()) {
            errors.add("'routing_key' is missing or blank");
        } else if (key.length() != 32) {
            errors.add("'routing_key' must be 32 characters");
        } else if (!serviceByKey.containsKey(key)) {
            errors.add("Invalid routing key");
        }
        String action = body.path("event_action").asText("");
        if (!Set.of("trigger", "acknowledge", "resolve").contains(action)) {
            errors.add("'event_action' is invalid (must be one of: trigger, acknowledge, resolve)");
        }
        JsonNode dedup = body.path("dedup_key");
        if (!dedup.isMissingNode() && (!dedup.isTextual() || dedup.asText().length() > 255)) {
            errors.add("'dedup_key' must be a string of at most 255 characters");
        }
        if ((action.equals("acknowledge") || action.equals("resolve")) && dedup.asText("").isEmpty()) {
            errors.add("'dedup_key' is required for " + action);
        }
        if (action.equals("trigger")) {
            JsonNode p = body.path("payload");
            if (!p.isObject()) {
                errors.add("'payload' is missing");
            } else {
                p.fieldNames().forEachRemaining(f -> {
                    if (!PAYLOAD_FIELDS.contains(f)) {
                        errors.add("Unknown field 'payload." + f + "'");
                    }
                });
                String summary = p.path("summary").asText("");
                if (summary.isBlank()) {
                    errors.add("'payload.summary' is missing or blank");
                } else if (summary.length() > 1024) {
                    errors.add("'payload.summary' is longer than 1024 characters");
                }
                if (p.path("source").asText("").isBlank()) {
                    errors.add("'payload.source' is missing or blank");
                }
                if (!SEVERITIES.contains(p.path("severity").asText(""))) {
                    errors.add("'payload.severity' is invalid (must be one of: critical, error, warning, info)");
                }
                if (p.has("timestamp")) {
                    try {
                        OffsetDateTime.parse(p.path("timestamp").asText(), DateTimeFormatter.ISO_DATE_TIME);
                    } catch (DateTimeParseException e) {
                        errors.add("'payload.timestamp' is not an ISO 8601 timestamp");
                    }
                }
            }
        }
        return errors;
    }

    private synchronized String apply(JsonNode body) {
        String key = body.path("routing_key").asText();
        String action = body.path("event_action").asText();
        String dedup = body.path("dedup_key").asText("");
        if (dedup.isEmpty()) {
            dedup = java.util.UUID.randomUUID().toString();
        }
        String id = key + "/" + dedup;
        Alert a = alerts.get(id);
        boolean open = a != null && !a.state().equals("resolved");
        if (action.equals("trigger")) {
            if (open) {
                alerts.put(id, new Alert(key, dedup, a.summary(), a.severity(), a.state(), a.triggeredAt(), a.triggers() + 1));
            } else {
                JsonNode p = body.path("payload");
                alerts.put(id, new Alert(key, dedup, p.path("summary").asText(), p.path("severity").asText(), "triggered",
                        Instant.now(), 1));
                notifications.add(serviceByKey.get(key) + ": " + p.path("summary").asText());
            }
        } else if (open) {
            String state = action.equals("acknowledge") ? (a.state().equals("triggered") ? "acknowledged" : a.state()) : "resolved";
            alerts.put(id, new Alert(key, dedup, a.summary(), a.severity(), state, a.triggeredAt(), a.triggers()));
        }
        return dedup;
    }

    private static String invalid(List<String> errors) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", "invalid event");
        o.put("message", "Event object is invalid");
        ArrayNode e = o.putArray("errors");
        errors.forEach(e::add);
        return o.toString();
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/html");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
