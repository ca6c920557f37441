package dev.incidentbot.bot.core;

import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An incident as stored. {@code roles} maps a role name (commander, scribe, comms, ...) to who holds it;
 * {@code milestones} holds the moments reached so far.
 */
public record Incident(long number, String platform, String title, String severity, Status status, boolean drill,
                       String impact, Person declaredBy, ConversationRef origin, String conversationName,
                       Instant declaredAt, Map<String, Person> roles, Map<Milestone, Instant> milestones) {
    public static final String COMMANDER = "commander";

    public Incident {
        roles = Map.copyOf(roles);
        milestones = Map.copyOf(milestones);
    }

    public String id() {
        return IncidentId.format(number);
    }

    public Optional<Person> commander() {
        return Optional.ofNullable(roles.get(COMMANDER));
    }

    public Optional<Instant> milestone(Milestone m) {
        return Optional.ofNullable(milestones.get(m));
    }

    public boolean isOpen() {
        return status.isOpen();
    }

    public boolean isAcknowledged() {
        return milestones.containsKey(Milestone.ACKNOWLEDGED);
    }
}
