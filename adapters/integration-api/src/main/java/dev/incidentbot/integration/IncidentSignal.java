package dev.incidentbot.integration;

import dev.incidentbot.chat.RichMessage;
import java.util.List;
import java.util.Optional;

/**
 * What happened to an incident, as integrations hear it. Where chat got a message for it, {@code message} is that
 * message as rendered from the operator's templates (so e-mail says what chat said).
 */
public sealed interface IncidentSignal {
    IncidentFacts facts();

    <R> R accept(Visitor<R> visitor);

    /** Handle the signals you care about; the rest return {@link #otherwise}. */
    interface Visitor<R> {
        R otherwise(IncidentSignal signal);

        default R declared(Declared s) {
            return otherwise(s);
        }

        default R escalationStepReached(EscalationStepReached s) {
            return otherwise(s);
        }

        default R acknowledged(Acknowledged s) {
            return otherwise(s);
        }

        default R updatePosted(UpdatePosted s) {
            return otherwise(s);
        }

        default R resolved(Resolved s) {
            return otherwise(s);
        }

        default R actionItemAdded(ActionItemAdded s) {
            return otherwise(s);
        }

        default R customerUpdateRequested(CustomerUpdateRequested s) {
            return otherwise(s);
        }
    }

    record Declared(IncidentFacts facts, Optional<RichMessage> message) implements IncidentSignal {
        public <R> R accept(Visitor<R> v) {
            return v.declared(this);
        }
    }

    /**
     * Escalation step {@code step} (1-based) was reached: at the declare for steps due at once, later for the rest.
     * {@code targets} are the step's notify targets, chat ones included (e.g. {@code @oncall}, {@code pagerduty:payments},
     * {@code email:lead@example.com}); each integration picks its own scheme.
     */
    record EscalationStepReached(IncidentFacts facts, int step, List<String> targets, String reason,
                                 Optional<RichMessage> message) implements IncidentSignal {
        public EscalationStepReached {
            targets = List.copyOf(targets);
        }

        public <R> R accept(Visitor<R> v) {
            return v.escalationStepReached(this);
        }
    }

    /** Someone took the incident in chat; {@code by} is their display name. */
    record Acknowledged(IncidentFacts facts, String by) implements IncidentSignal {
        public <R> R accept(Visitor<R> v) {
            return v.acknowledged(this);
        }
    }

    /** A status update; {@code status} is empty when the update did not change it. */
    record UpdatePosted(IncidentFacts facts, String progress, String status, String impact, String next, String eta,
                        Optional<RichMessage> message) implements IncidentSignal {
        public <R> R accept(Visitor<R> v) {
            return v.updatePosted(this);
        }
    }

    record Resolved(IncidentFacts facts, String solution, Optional<RichMessage> message) implements IncidentSignal {
        public <R> R accept(Visitor<R> v) {
            return v.resolved(this);
        }
    }

    record ActionItemAdded(IncidentFacts facts, int n, String text, String owner, String due) implements IncidentSignal {
        public <R> R accept(Visitor<R> v) {
            return v.actionItemAdded(this);
        }
    }

    /** {@code /incident statuspage <text>}: a person wrote customer-facing text and asked for it to go out. */
    record CustomerUpdateRequested(IncidentFacts facts, String text) implements IncidentSignal {
        public <R> R accept(Visitor<R> v) {
            return v.customerUpdateRequested(this);
        }
    }
}
