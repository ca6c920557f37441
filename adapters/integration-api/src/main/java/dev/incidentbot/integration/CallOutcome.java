package dev.incidentbot.integration;

import java.util.Objects;
import java.util.Optional;

/**
 * What a performed call produced: an external reference (a Statuspage incident id, an issue URL, a PagerDuty
 * dedup_key) that the engine stores under the call's idempotency key in {@link ExternalRefs}, and a line for the
 * incident's timeline (empty: the engine writes the call's summary). {@code performed} is false when the call found
 * nothing to do (an acknowledge for a page never sent): the engine then writes no timeline line.
 */
public record CallOutcome(Optional<String> externalRef, Optional<String> timelineLine, boolean performed) {
    public CallOutcome {
        Objects.requireNonNull(externalRef, "externalRef");
        Objects.requireNonNull(timelineLine, "timelineLine");
    }

    public static CallOutcome done() {
        return new CallOutcome(Optional.empty(), Optional.empty(), true);
    }

    public static CallOutcome withRef(String ref) {
        return new CallOutcome(Optional.of(ref), Optional.empty(), true);
    }

    /** Nothing needed doing; {@code why} is for logs. */
    public static CallOutcome nothingToDo(String why) {
        return new CallOutcome(Optional.empty(), Optional.of(why), false);
    }

    public CallOutcome withLine(String line) {
        return new CallOutcome(externalRef, Optional.of(line), performed);
    }
}
