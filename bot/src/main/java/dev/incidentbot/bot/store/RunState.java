package dev.incidentbot.bot.store;

import java.util.Arrays;
import java.util.Locale;

/** Where a diagnostic run is: waiting for approval, on its way, or over (and how). Stored as its lower-case name. */
public enum RunState {
    PENDING, APPROVED, RUNNING, FINISHED, TIMED_OUT, FAILED, DENIED, EXPIRED, INTERRUPTED;

    /** The value in {@code diagnostic_run.state}: {@code timed_out}. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** As a sentence says it: "timed out". */
    public String said() {
        return column().replace('_', ' ');
    }

    static RunState ofColumn(String value) {
        return Arrays.stream(values()).filter(s -> s.column().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown diagnostic run state " + value));
    }
}
