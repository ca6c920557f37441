package dev.incidentbot.bot.core;

import dev.incidentbot.chat.Person;
import java.util.Optional;

/**
 * What a state change did to an incident, as the core sees it; the engine records each on the hash-chained timeline
 * (whose encoding of these is fixed: old chains must verify). A visitor, so a new kind does not compile until it is
 * recorded.
 */
public sealed interface IncidentEvent {
    <R> R accept(Visitor<R> visitor);

    interface Visitor<R> {
        R declared(Declared e);

        R acknowledged(Acknowledged e);

        R commanderAssigned(CommanderAssigned e);

        R roleAssigned(RoleAssigned e);

        R updatePosted(UpdatePosted e);

        R severityChanged(SeverityChanged e);

        R statusChanged(StatusChanged e);

        R resolved(Resolved e);
    }

    record Declared(String title, String severity, boolean drill, String impact, String conversation)
            implements IncidentEvent {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.declared(this);
        }
    }

    record Acknowledged() implements IncidentEvent {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.acknowledged(this);
        }
    }

    record CommanderAssigned(Person commander, Optional<Person> previous) implements IncidentEvent {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.commanderAssigned(this);
        }
    }

    record RoleAssigned(String role, Person holder) implements IncidentEvent {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.roleAssigned(this);
        }
    }

    /** {@code status} is what the author wrote: an incident status, the service's own status, or empty. */
    record UpdatePosted(String progress, String status, String impact, String next, String eta) implements IncidentEvent {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.updatePosted(this);
        }
    }

    record SeverityChanged(String from, String to) implements IncidentEvent {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.severityChanged(this);
        }
    }

    record StatusChanged(Status from, Status to) implements IncidentEvent {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.statusChanged(this);
        }
    }

    record Resolved(String solution, String rootCause, String followUp) implements IncidentEvent {
        public <R> R accept(Visitor<R> visitor) {
            return visitor.resolved(this);
        }
    }
}
