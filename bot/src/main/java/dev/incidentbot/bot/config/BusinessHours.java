package dev.incidentbot.bot.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/** When the team works; lower severities count only this time ("same business day"). */
public record BusinessHours(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {
    public BusinessHours {
        days = Set.copyOf(days);
    }

    public static BusinessHours weekdaysNineToFive() {
        return new BusinessHours(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0), ZoneId.of("UTC"));
    }
}
