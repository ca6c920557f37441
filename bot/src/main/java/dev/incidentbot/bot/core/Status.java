package dev.incidentbot.bot.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Lifecycle: declared -> acknowledged -> investigating/identified/monitoring -> mitigated -> resolved. */
public enum Status {
    DECLARED, ACKNOWLEDGED, INVESTIGATING, IDENTIFIED, MONITORING, MITIGATED, RESOLVED;

    /** The statuses a responder may set with {@code status <word>}. */
    public static final String SETTABLE = "investigating|identified|monitoring|mitigated";

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "Investigating": how the status reads in messages. */
    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    public boolean isOpen() {
        return this != RESOLVED;
    }

    public static Optional<Status> settable(String word) {
        return Arrays.stream(new Status[] {INVESTIGATING, IDENTIFIED, MONITORING, MITIGATED})
                .filter(s -> s.word().equals(word.toLowerCase(Locale.ROOT))).findFirst();
    }
}
