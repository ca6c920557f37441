package dev.incidentbot.bot.core;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Lifecycle: declared -> acknowledged -> investigating/identified/monitoring/mitigated (in any order) -> resolved,
 * which is final. {@link #successors()} is the transition table.
 */
public enum Status {
    DECLARED, ACKNOWLEDGED, INVESTIGATING, IDENTIFIED, MONITORING, MITIGATED, RESOLVED;

    /** The statuses a responder may set with {@code status <word>}. */
    public static final String SETTABLE = "investigating|identified|monitoring|mitigated";

    private static final Set<Status> WORKING = EnumSet.of(INVESTIGATING, IDENTIFIED, MONITORING, MITIGATED);

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

    /** Which statuses may follow this one. Work may move between the working statuses freely; nothing follows RESOLVED. */
    public Set<Status> successors() {
        Set<Status> next = switch (this) {
            case DECLARED -> EnumSet.of(ACKNOWLEDGED, INVESTIGATING, IDENTIFIED, MONITORING, MITIGATED, RESOLVED);
            case ACKNOWLEDGED -> EnumSet.of(INVESTIGATING, IDENTIFIED, MONITORING, MITIGATED, RESOLVED);
            case INVESTIGATING, IDENTIFIED, MONITORING, MITIGATED -> {
                Set<Status> s = EnumSet.copyOf(WORKING);
                s.remove(this);
                s.add(RESOLVED);
                yield s;
            }
            case RESOLVED -> EnumSet.noneOf(Status.class);
        };
        return Set.copyOf(next);
    }

    public boolean mayBecome(Status next) {
        return successors().contains(next);
    }

    /** The status once someone has taken the incident on: declared becomes acknowledged, any later one stays. */
    public Status onAcknowledge() {
        return this == DECLARED ? ACKNOWLEDGED : this;
    }

    /** After an update that named {@code written} (or no status): an update without one means work is under way. */
    public Status onUpdate(Optional<Status> written) {
        Status s = written.orElse(this);
        return s == DECLARED || s == ACKNOWLEDGED ? INVESTIGATING : s;
    }

    public static Optional<Status> settable(String word) {
        return Arrays.stream(new Status[] {INVESTIGATING, IDENTIFIED, MONITORING, MITIGATED})
                .filter(s -> s.word().equals(word.toLowerCase(Locale.ROOT))).findFirst();
    }
}
