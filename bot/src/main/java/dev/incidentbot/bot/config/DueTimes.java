package dev.incidentbot.bot.config;

import java.time.Duration;
import java.time.Instant;

/** When things fall due for an incident of a given severity: wall time, or business time where configured. */
public final class DueTimes {
    private final BusinessTime business;
    private final Duration postmortemDue;

    public DueTimes(BotConfig config) {
        this.business = new BusinessTime(config.businessHours());
        this.postmortemDue = config.postmortemDue();
    }

    public Instant after(SeverityLevel severity, Instant from, Duration amount) {
        return severity.businessHoursOnly() ? business.plus(from, amount) : from.plus(amount);
    }

    public Instant nextUpdate(SeverityLevel severity, Instant lastUpdateOrDeclare) {
        return after(severity, lastUpdateOrDeclare, severity.updateEvery());
    }

    public Instant acknowledgeBy(SeverityLevel severity, Instant declaredAt) {
        return after(severity, declaredAt, severity.acknowledgeWithin());
    }

    /** The post-mortem is due {@code postmortem_due} business days after resolution, whatever the severity. */
    public Instant postmortemBy(Instant resolvedAt) {
        return business.plus(resolvedAt, postmortemDue);
    }
}
