package dev.incidentbot.integration.pagerduty;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.integration.CallOutcome;
import dev.incidentbot.integration.ExternalRefs;
import dev.incidentbot.integration.IncidentFacts;
import dev.incidentbot.integration.IncidentSignal;
import dev.incidentbot.integration.OutboundCall;
import dev.incidentbot.integration.ReactingIntegration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reaching an escalation step that names {@code pagerduty:<service>} triggers a page with {@code dedup_key} = the
 * incident id, once per incident and service (the call's key {@code trigger:<service>}); acknowledging and resolving
 * in chat acknowledge and resolve the pages that were sent. The routing key is read when the call is performed, so it
 * is never stored in the outbox.
 */
final class PagerDutyIntegration implements ReactingIntegration {
    private static final int SUMMARY_MAX = 1024;

    private final EventsClient client;
    private final Map<String, String> severities;
    private final Map<String, String> routingKeys;
    private final String source;
    private final Clock clock;

    PagerDutyIntegration(EventsClient client, Map<String, String> severities, Map<String, String> routingKeys,
                         String source, Clock clock) {
        this.client = client;
        this.severities = Map.copyOf(severities);
        this.routingKeys = Map.copyOf(routingKeys);
        this.source = source;
        this.clock = clock;
    }

    @Override
    public String name() {
        return PagerDutyProvider.NAME;
    }

    @Override
    public List<OutboundCall> escalationStepReached(IncidentSignal.EscalationStepReached s) {
        List<OutboundCall> calls = new ArrayList<>();
        for (String target : s.targets()) {
            if (target.startsWith("pagerduty:")) {
                calls.add(trigger(s.facts(), target.substring("pagerduty:".length()), s.step()));
            }
        }
        return calls;
    }

    @Override
    public List<OutboundCall> acknowledged(IncidentSignal.Acknowledged s) {
        return follow(s.facts(), "acknowledge", "by " + s.by());
    }

    @Override
    public List<OutboundCall> resolved(IncidentSignal.Resolved s) {
        return follow(s.facts(), "resolve", "");
    }

    private OutboundCall trigger(IncidentFacts f, String service, int step) {
        String severity = severities.getOrDefault(f.severityKey(), "error");
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("service", service);
        p.put("dedup_key", f.id());
        p.put("summary", summary(f));
        p.put("severity", severity);
        p.put("timestamp", clock.instant().toString());
        p.put("step", step);
        p.put("severity_key", f.severityKey());
        p.put("conversation", f.conversationName());
        return new OutboundCall(name(), "trigger", p, "trigger:" + service,
                "Paged " + service + " on PagerDuty (" + severity + ")");
    }

    /** Acknowledge or resolve every service's page; a service never paged for this incident is skipped when performed. */
    private List<OutboundCall> follow(IncidentFacts f, String action, String by) {
        List<OutboundCall> calls = new ArrayList<>();
        for (String service : routingKeys.keySet()) {
            ObjectNode p = JsonNodeFactory.instance.objectNode();
            p.put("service", service);
            p.put("dedup_key", f.id());
            String verb = action.equals("acknowledge") ? "Acknowledged" : "Resolved";
            calls.add(new OutboundCall(name(), action, p, action + ":" + service,
                    verb + " the PagerDuty page of " + service + (by.isEmpty() ? "" : " (" + by + " in chat)")));
        }
        return calls;
    }

    private static String summary(IncidentFacts f) {
        String s = f.id() + " " + f.severityKey().toUpperCase(java.util.Locale.ROOT) + " (" + f.severityName() + "): " + f.title();
        return s.length() > SUMMARY_MAX ? s.substring(0, SUMMARY_MAX - 1) + "…" : s;
    }

    @Override
    public CallOutcome perform(OutboundCall call, ExternalRefs refs) {
        String service = call.payload().path("service").asText();
        String routingKey = routingKeys.get(service);
        if (routingKey == null) {
            throw new DeliveryException.Permanent(PagerDutyProvider.routingKeyVariable(service)
                    + " is not configured in this run; the page to " + service + " was not sent");
        }
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("routing_key", routingKey);
        event.put("event_action", call.action());
        event.put("dedup_key", call.payload().path("dedup_key").asText());
        if (call.action().equals("trigger")) {
            ObjectNode payload = event.putObject("payload");
            payload.put("summary", call.payload().path("summary").asText());
            payload.put("source", source);
            payload.put("severity", call.payload().path("severity").asText());
            payload.put("timestamp", call.payload().path("timestamp").asText());
            payload.put("class", "incident");
            ObjectNode details = payload.putObject("custom_details");
            details.put("incident", call.payload().path("dedup_key").asText());
            details.put("severity", call.payload().path("severity_key").asText());
            details.put("escalation_step", call.payload().path("step").asInt());
            details.put("conversation", call.payload().path("conversation").asText());
            event.put("client", "incident-bot");
            String dedupKey = client.send(event);
            return CallOutcome.withRef(dedupKey).withLine(call.summary());
        }
        Optional<String> paged = refs.find("trigger:" + service);
        if (paged.isEmpty()) {
            return CallOutcome.nothingToDo("no page was sent to " + service + ", so there is nothing to " + call.action());
        }
        client.send(event);
        return CallOutcome.done().withLine(call.summary());
    }
}
