package dev.incidentbot.bot.reminder;

import java.util.Locale;

/**
 * One pending reminder job: an incident's reminder of one kind, or a later try of one that failed ({@code retry} > 0).
 * Its name and group are the Quartz trigger's ({@code update}, {@code acknowledge-retry-1}; {@code incident-7}).
 */
public record ScheduledReminder(long incident, ReminderKind kind, int retry) {
    public ScheduledReminder {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must not be negative: " + retry);
        }
    }

    public static ScheduledReminder of(long incident, ReminderKind kind) {
        return new ScheduledReminder(incident, kind, 0);
    }

    /** The next try of this reminder. */
    public ScheduledReminder retried() {
        return new ScheduledReminder(incident, kind, retry + 1);
    }

    public String name() {
        String kindName = kind.name().toLowerCase(Locale.ROOT);
        return retry == 0 ? kindName : kindName + "-retry-" + retry;
    }

    public String group() {
        return groupOf(incident);
    }

    public static String groupOf(long incident) {
        return "incident-" + incident;
    }
}
