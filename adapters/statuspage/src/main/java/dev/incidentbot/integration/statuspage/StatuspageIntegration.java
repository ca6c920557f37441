package dev.incidentbot.integration.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.integration.CallOutcome;
import dev.incidentbot.integration.ExternalRefs;
import dev.incidentbot.integration.IncidentFacts;
import dev.incidentbot.integration.IncidentSignal;
import dev.incidentbot.integration.OutboundCall;
import dev.incidentbot.integration.ReactingIntegration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One public incident per incident: opened on declare for the configured severities (or by the first
 * {@code /incident statuspage <text>}), updated by that command (and by chat updates when {@code post_updates} is on),
 * resolved with the incident. The public incident's id is stored under the key {@code create} as soon as Statuspage
 * answers, and carries our incident id in its metadata, so a retry after an unknown outcome adopts it.
 */
final class StatuspageIntegration implements ReactingIntegration {
    static final String CREATED = "create";
    private static final String ATTEMPTED = "attempted:";

    private final StatuspageClient client;
    private final PublicText text;
    private final Set<String> severities;
    private final Map<String, String> components;
    private final Map<String, String> componentStatus;
    private final boolean postUpdates;
    private final Clock clock;

    StatuspageIntegration(StatuspageClient client, PublicText text, Set<String> severities, Map<String, String> components,
                          Map<String, String> componentStatus, boolean postUpdates, Clock clock) {
        this.client = client;
        this.text = text;
        this.severities = Set.copyOf(severities);
        this.components = Map.copyOf(components);
        this.componentStatus = Map.copyOf(componentStatus);
        this.postUpdates = postUpdates;
        this.clock = clock;
    }

    @Override
    public String name() {
        return StatuspageProvider.NAME;
    }

    /** Statuspage's incident statuses: investigating, identified, monitoring, resolved. */
    static String publicStatus(String status) {
        return switch (status) {
            case "identified" -> "identified";
            case "monitoring", "mitigated" -> "monitoring";
            case "resolved" -> "resolved";
            default -> "investigating";
        };
    }

    @Override
    public List<OutboundCall> declared(IncidentSignal.Declared s) {
        if (!severities.contains(s.facts().severityKey())) {
            return List.of();
        }
        ObjectNode p = base(s.facts());
        p.put("body", text.opened(s.facts()));
        return List.of(new OutboundCall(name(), "open", p, CREATED,
                "Opened a public incident on the status page: " + p.path("name").asText()));
    }

    @Override
    public List<OutboundCall> updatePosted(IncidentSignal.UpdatePosted s) {
        if (!postUpdates) {
            return List.of();
        }
        ObjectNode p = base(s.facts());
        String body = text.update(s.facts(), s.impact(), s.eta());
        p.put("body", body);
        return List.of(new OutboundCall(name(), "update", p, "update:" + unique(body),
                "Posted an update on the status page: " + body));
    }

    @Override
    public List<OutboundCall> customerUpdateRequested(IncidentSignal.CustomerUpdateRequested s) {
        ObjectNode p = base(s.facts());
        p.put("body", s.text());
        return List.of(new OutboundCall(name(), "customer_update", p, "customer-update:" + unique(s.text()),
                "Published on the status page: " + s.text()));
    }

    @Override
    public List<OutboundCall> resolved(IncidentSignal.Resolved s) {
        ObjectNode p = base(s.facts());
        p.put("status", "resolved");
        p.put("body", text.resolved(s.facts()));
        return List.of(new OutboundCall(name(), "resolve", p, "resolve", "Resolved the public incident on the status page"));
    }

    private ObjectNode base(IncidentFacts f) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("incident", f.id());
        p.put("name", text.title(f));
        p.put("status", publicStatus(f.status()));
        String component = components.get(f.severityKey());
        if (component != null) {
            p.put("component_id", component);
            p.put("component_status", componentStatus.getOrDefault(f.severityKey(), "major_outage"));
        }
        return p;
    }

    /** A key per request: the text and the moment it was asked for. */
    private String unique(String body) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((clock.instant() + "\n" + body).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CallOutcome perform(OutboundCall call, ExternalRefs refs) {
        JsonNode p = call.payload();
        Optional<String> existing = refs.find(CREATED);
        if (existing.isEmpty() && (call.action().equals("open") || call.action().equals("customer_update"))) {
            existing = adopt(p.path("incident").asText(), refs);
        }
        switch (call.action()) {
            case "open" -> {
                if (existing.isPresent()) {
                    return CallOutcome.withRef(existing.get()).withLine(call.summary());
                }
                return CallOutcome.withRef(open(p, refs)).withLine(call.summary());
            }
            case "customer_update" -> {
                if (existing.isEmpty()) {
                    return CallOutcome.withRef(open(p, refs)).withLine(call.summary() + " (opened a public incident)");
                }
                ObjectNode patch = JsonNodeFactory.instance.objectNode();
                patch.put("status", p.path("status").asText());
                patch.put("body", p.path("body").asText());
                updateOnce(existing.get(), patch, call, refs);
                return CallOutcome.withRef(existing.get()).withLine(call.summary());
            }
            case "update", "resolve" -> {
                if (existing.isEmpty()) {
                    return CallOutcome.nothingToDo("no public incident for " + p.path("incident").asText());
                }
                ObjectNode patch = JsonNodeFactory.instance.objectNode();
                patch.put("status", p.path("status").asText());
                patch.put("body", p.path("body").asText());
                if (p.has("component_id")) {
                    patch.putObject("components").put(p.path("component_id").asText(),
                            call.action().equals("resolve") ? "operational" : p.path("component_status").asText());
                }
                updateOnce(existing.get(), patch, call, refs);
                return CallOutcome.withRef(existing.get()).withLine(call.summary());
            }
            default -> throw new dev.incidentbot.chat.DeliveryException.Permanent("unknown statuspage action " + call.action());
        }
    }

    /**
     * Each PATCH with a body adds an update customers see, and Statuspage has no idempotency key: a try after one whose
     * answer was lost first reads the incident and skips the PATCH if its newest update already is this one.
     */
    private void updateOnce(String incidentId, ObjectNode patch, OutboundCall call, ExternalRefs refs) {
        String attempted = ATTEMPTED + call.idempotencyKey();
        if (refs.find(attempted).isPresent()) {
            JsonNode current = client.incident(incidentId);
            JsonNode newest = current.path("incident_updates").path(0);
            if (newest.path("body").asText().equals(patch.path("body").asText())
                    && current.path("status").asText().equals(patch.path("status").asText())) {
                return;
            }
        } else {
            refs.store(attempted, "1");
        }
        client.update(incidentId, patch);
    }

    private String open(JsonNode p, ExternalRefs refs) {
        ObjectNode incident = JsonNodeFactory.instance.objectNode();
        incident.put("name", p.path("name").asText());
        incident.put("status", p.path("status").asText());
        incident.put("body", p.path("body").asText());
        incident.put("deliver_notifications", true);
        if (p.has("component_id")) {
            incident.putArray("component_ids").add(p.path("component_id").asText());
            incident.putObject("components").put(p.path("component_id").asText(), p.path("component_status").asText());
        }
        incident.putObject("metadata").putObject("incident_bot").put("incident", p.path("incident").asText());
        String id = client.create(incident).path("id").asText();
        if (id.isEmpty()) {
            throw new dev.incidentbot.chat.DeliveryException.Retryable("Statuspage answered without an incident id", null);
        }
        refs.store(CREATED, id);
        return id;
    }

    /** A public incident an earlier try opened but could not record: ours by the metadata marker. */
    private Optional<String> adopt(String incident, ExternalRefs refs) {
        for (JsonNode open : client.unresolved()) {
            if (open.path("metadata").path("incident_bot").path("incident").asText().equals(incident)) {
                String id = open.path("id").asText();
                refs.store(CREATED, id);
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }
}
