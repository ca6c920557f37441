package dev.incidentbot.bot.config;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * Adds durations counting only business hours, for the severities whose targets are in business time. Whole days
 * count as business days ("1d" = same time next business day), the rest as business hours ("1h" = one working hour).
 */
public final class BusinessTime {
    private final BusinessHours hours;

    public BusinessTime(BusinessHours hours) {
        this.hours = hours;
    }

    public Instant plus(Instant from, Duration amount) {
        if (hours.days().isEmpty()) {
            return from.plus(amount);
        }
        ZonedDateTime t = startOfWork(from.atZone(hours.zone()));
        for (long d = amount.toDays(); d > 0; d--) {
            t = t.plusDays(1);
            while (!hours.days().contains(t.getDayOfWeek())) {
                t = t.plusDays(1);
            }
        }
        Duration left = amount.minusDays(amount.toDays());
        while (true) {
            t = startOfWork(t);
            ZonedDateTime dayEnd = t.toLocalDate().atTime(hours.end()).atZone(hours.zone());
            Duration available = Duration.between(t, dayEnd);
            if (left.compareTo(available) < 0 || left.isZero()) {
                return t.plus(left).toInstant();
            }
            left = left.minus(available);
            t = t.toLocalDate().plusDays(1).atTime(hours.start()).atZone(hours.zone());
        }
    }

    /** {@code t} if it is within business hours, else the start of the next business period. */
    private ZonedDateTime startOfWork(ZonedDateTime t) {
        ZonedDateTime cur = t;
        for (int guard = 0; guard < 14; guard++) {
            ZonedDateTime dayStart = cur.toLocalDate().atTime(hours.start()).atZone(hours.zone());
            ZonedDateTime dayEnd = cur.toLocalDate().atTime(hours.end()).atZone(hours.zone());
            if (hours.days().contains(cur.getDayOfWeek()) && cur.isBefore(dayEnd)) {
                return cur.isBefore(dayStart) ? dayStart : cur;
            }
            cur = cur.toLocalDate().plusDays(1).atTime(hours.start()).atZone(hours.zone());
        }
        return cur;
    }
}
