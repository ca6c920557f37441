package dev.incidentbot.integration.statuspage.testing;

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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict local Atlassian Statuspage REST API (v1), built from its public reference (developer.statuspage.io:
 * "Authentication" — the key as {@code Authorization: OAuth <key>}; "Incidents" — create (POST
 * /pages/{page_id}/incidents, 201), update (PATCH /pages/{page_id}/incidents/{incident_id}), list unresolved (GET
 * /pages/{page_id}/incidents/unresolved); the realtime incident statuses investigating, identified, monitoring,
 * resolved; component statuses operational, under_maintenance, degraded_performance, partial_outage, major_outage;
 * "Rate limiting" — 420/429 when over the limit). Answers after 100–300 ms. Rejects a missing or wrong key (401), an
 * unknown page or incident (404), a request without {@code incident} (400), and a blank name, an unknown status,
 * an unknown component or an unknown incident field (422).
 */
public final class FakeStatuspage implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INCIDENTS = Pattern.compile("/v1/pages/([^/]+)/incidents");
    private static final Pattern INCIDENT = Pattern.compile("/v1/pages/([^/]+)/incidents/([^/]+)");
    private static final Pattern UNRESOLVED = Pattern.compile("/v1/pages/([^/]+)/incidents/unresolved");
    private static final Set<String> STATUSES = Set.of("investigating", "identified", "monitoring", "resolved");
    private static final Set<String> COMPONENT_STATUSES = Set.of("operational", "under_maintenance",
            "degraded_performance", "partial_outage", "major_outage");
    private static final Set<String> FIELDS = Set.of("name", "status", "body", "impact_override", "component_ids",
            "components", "deliver_notifications", "metadata", "auto_tweet");

    /** A public incident as customers see it: name, status, every update's body in order, component statuses. */
    public record PublicIncident(String id, String name, String status, List<String> updates, Map<String, String> components,
                                 JsonNode metadata) { }

    private final HttpServer server;
    private final String apiKey;
    private final String pageId;
    private final Set<String> componentIds;
    private final Map<String, String> componentStatus = new LinkedHashMap<>();
    private final Map<String, PublicIncident> incidents = new LinkedHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger loseResponseOfNext = new AtomicInteger();

    public FakeStatuspage(String apiKey, String pageId, Set<String> componentIds) {
        this.apiKey = apiKey;
        this.pageId = pageId;
        this.componentIds = Set.copyOf(componentIds);
        componentIds.forEach(c -> componentStatus.put(c, "operational"));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The base URL, as STATUSPAGE_API_URL takes it. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Apply the next {@code n} writes, then answer 502 as a proxy whose upstream reply was lost. */
    public void loseResponseOfNext(int n) {
        loseResponseOfNext.set(n);
    }

    public synchronized List<PublicIncident> incidents() {
        return List.copyOf(incidents.values());
    }

    public synchronized Map<String, String> components() {
        return Map.copyOf(componentStatus);
    }

    /** "METHOD path status" of every request, in order. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            pause(100 + ThreadLocalRandom.current().nextInt(200));
            Answer a = answer(ex);
            synchronized (this) {
                requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + a.status);
            }
            byte[] bytes = a.body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(a.status, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    private record Answer(int status, String body) {
        static Answer error(int status, String message) {
            ObjectNode o = JSON.createObjectNode();
            o.put("error", message);
            return new Answer(status, o.toString());
        }
    }

    private synchronized Answer answer(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equals("OAuth " + apiKey)) {
            return Answer.error(401, "Could not authenticate");
        }
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        Matcher unresolved = UNRESOLVED.matcher(path);
        Matcher one = INCIDENT.matcher(path);
        Matcher all = INCIDENTS.matcher(path);
        if (method.equals("GET") && unresolved.matches()) {
            if (!unresolved.group(1).equals(pageId)) {
                return Answer.error(404, "Page not found");
            }
            ArrayNode list = JSON.createArrayNode();
            incidents.values().stream().filter(i -> !i.status().equals("resolved")).forEach(i -> list.add(json(i)));
            return new Answer(200, list.toString());
        }
        if (method.equals("GET") && one.matches()) {
            if (!one.group(1).equals(pageId)) {
                return Answer.error(404, "Page not found");
            }
            PublicIncident found = incidents.get(one.group(2));
            return found == null ? Answer.error(404, "Incident not found") : new Answer(200, json(found).toString());
        }
        boolean create = method.equals("POST") && all.matches();
        boolean update = (method.equals("PATCH") || method.equals("PUT")) && one.matches();
        if (!create && !update) {
            return Answer.error(404, "Not found");
        }
        if (!(create ? all.group(1) : one.group(1)).equals(pageId)) {
            return Answer.error(404, "Page not found");
        }
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            return Answer.error(415, "Content-Type must be application/json");
        }
        JsonNode body;
        try {
            body = JSON.readTree(ex.getRequestBody().readAllBytes());
        } catch (IOException e) {
            return Answer.error(400, "Malformed JSON");
        }
        JsonNode in = body == null ? null : body.path("incident");
        if (in == null || !in.isObject()) {
            return Answer.error(400, "incident is missing");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = in.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                problems.add("unknown field " + f);
            }
        }
        if (in.has("status") && !STATUSES.contains(in.path("status").asText())) {
            problems.add("status is not one of investigating, identified, monitoring, resolved");
        }
        if (create && in.path("name").asText("").isBlank()) {
            problems.add("name can't be blank");
        }
        for (JsonNode c : in.path("component_ids")) {
            if (!componentIds.contains(c.asText())) {
                problems.add("component " + c.asText() + " not found");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = in.path("components").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!componentIds.contains(e.getKey())) {
                problems.add("component " + e.getKey() + " not found");
            } else if (!COMPONENT_STATUSES.contains(e.getValue().asText())) {
                problems.add("component status " + e.getValue().asText() + " is invalid");
            }
        }
        if (!problems.isEmpty()) {
            return Answer.error(422, String.join("; ", problems));
        }
        PublicIncident result;
        if (create) {
            String id = "sp" + ids.incrementAndGet();
            List<String> updates = new ArrayList<>();
            updates.add(in.path("body").asText(""));
            result = new PublicIncident(id, in.path("name").asText(), in.path("status").asText("investigating"),
                    updates, components(in), in.path("metadata").deepCopy());
        } else {
            PublicIncident before = incidents.get(one.group(2));
            if (before == null) {
                return Answer.error(404, "Incident not found");
            }
            List<String> updates = new ArrayList<>(before.updates());
            if (in.has("body")) {
                updates.add(in.path("body").asText());
            }
            Map<String, String> comps = new LinkedHashMap<>(before.components());
            comps.putAll(components(in));
            result = new PublicIncident(before.id(), in.path("name").asText(before.name()),
                    in.path("status").asText(before.status()), updates, comps, before.metadata());
        }
        incidents.put(result.id(), result);
        componentStatus.putAll(components(in));
        if (loseResponseOfNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new Answer(502, "{\"error\":\"Bad Gateway\"}");
        }
        return new Answer(create ? 201 : 200, json(result).toString());
    }

    private static Map<String, String> components(JsonNode in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.path("components").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static ObjectNode json(PublicIncident i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", i.id());
        o.put("name", i.name());
        o.put("status", i.status());
        o.put("shortlink", "https://stspg.io/" + i.id());
        o.set("metadata", i.metadata());
        ArrayNode updates = o.putArray("incident_updates");
        for (int n = i.updates().size() - 1; n >= 0; n--) {
            updates.addObject().put("body", i.updates().get(n));
        }
        return o;
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
