package dev.incidentbot.integration.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.RichMessage;
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
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stakeholders of the incident's severity get the initial, update and resolution messages; {@code email:} targets of
 * a reached escalation step get that step's message. Each e-mail is the message chat got, rendered from the same
 * templates, as text and as HTML; rendered when the incident changes, so a retry sends exactly the same words.
 */
final class EmailIntegration implements ReactingIntegration {
    private final SmtpSender sender;
    private final Map<String, List<String>> stakeholders;
    private final Clock clock;

    EmailIntegration(SmtpSender sender, Map<String, List<String>> stakeholders, Clock clock) {
        this.sender = sender;
        this.stakeholders = Map.copyOf(stakeholders);
        this.clock = clock;
    }

    @Override
    public String name() {
        return EmailProvider.NAME;
    }

    @Override
    public List<OutboundCall> declared(IncidentSignal.Declared s) {
        return toStakeholders(s.facts(), s.message(), "declared", "initial");
    }

    @Override
    public List<OutboundCall> updatePosted(IncidentSignal.UpdatePosted s) {
        return toStakeholders(s.facts(), s.message(), "update", "update:" + unique(s.progress()));
    }

    @Override
    public List<OutboundCall> resolved(IncidentSignal.Resolved s) {
        return toStakeholders(s.facts(), s.message(), "resolved", "resolution");
    }

    @Override
    public List<OutboundCall> escalationStepReached(IncidentSignal.EscalationStepReached s) {
        List<String> to = s.targets().stream().filter(t -> t.startsWith("email:"))
                .map(t -> t.substring("email:".length())).distinct().toList();
        if (to.isEmpty()) {
            return List.of();
        }
        RichMessage message = s.message().orElse(RichMessage.text(s.facts().id() + " " + s.facts().title()
                + ": escalation step " + s.step() + " (" + s.reason() + ")."));
        return List.of(mail(s.facts(), to, message, "escalation step " + s.step(), "escalation:" + s.step()));
    }

    private List<OutboundCall> toStakeholders(IncidentFacts f, java.util.Optional<RichMessage> message, String what, String key) {
        List<String> to = stakeholders.getOrDefault(f.severityKey(), List.of());
        if (to.isEmpty() || message.isEmpty()) {
            return List.of();
        }
        return List.of(mail(f, to, message.get(), what, key));
    }

    private OutboundCall mail(IncidentFacts f, List<String> to, RichMessage message, String what, String key) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        ArrayNode list = p.putArray("to");
        to.forEach(list::add);
        p.put("subject", "[" + f.id() + "] " + f.severityKey().toUpperCase(Locale.ROOT) + " " + f.severityName() + ": "
                + f.title() + " (" + what + ")");
        p.put("text", PlainTextRenderer.render(message));
        p.put("html", EmailHtml.render(message));
        p.put("message_id", "<" + f.id().toLowerCase(Locale.ROOT) + "." + hash(key) + "@incident-bot>");
        p.put("at", clock.instant().toEpochMilli());
        return new OutboundCall(name(), "send", p, key, "E-mailed " + what + " to " + String.join(", ", to));
    }

    private String unique(String text) {
        return hash(clock.instant() + "\n" + text);
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CallOutcome perform(OutboundCall call, ExternalRefs refs) {
        JsonNode p = call.payload();
        List<String> to = new ArrayList<>();
        p.path("to").forEach(a -> to.add(a.asText()));
        sender.send(to, p.path("subject").asText(), p.path("text").asText(), p.path("html").asText(),
                p.path("message_id").asText(), new Date(p.path("at").asLong()));
        return CallOutcome.done().withLine(call.summary());
    }
}
