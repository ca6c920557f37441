package dev.incidentbot.integration;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an integration may know of an incident. Deliberately without the commander, notes or diagnostics: whatever
 * leaves the bot is built from these facts and the signal's own fields. {@code severityKey} is the config key
 * ({@code sev1}), {@code severityName} its name ({@code Critical}); {@code status} is the status word
 * ({@code investigating}); {@code conversationName} is the incident conversation's name ({@code inc-20371126-1-checkout}),
 * {@code conversationLink} a link to it where the platform has one.
 */
public record IncidentFacts(String id, long number, String title, String severityKey, String severityName,
                            String status, boolean drill, String impact, Instant declaredAt,
                            Optional<Instant> resolvedAt, String conversationName, Optional<String> conversationLink) {
    public IncidentFacts {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(severityKey, "severityKey");
        Objects.requireNonNull(severityName, "severityName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(impact, "impact");
        Objects.requireNonNull(declaredAt, "declaredAt");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        Objects.requireNonNull(conversationName, "conversationName");
        Objects.requireNonNull(conversationLink, "conversationLink");
    }
}
