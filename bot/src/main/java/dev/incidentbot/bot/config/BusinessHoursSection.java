package dev.incidentbot.bot.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads {@code business_hours:} (days, start, end, time zone); absent, it is weekdays nine to five. */
final class BusinessHoursSection {
    static final Set<String> KEYS = Set.of("days", "start", "end", "time_zone");
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY,
            "sat", DayOfWeek.SATURDAY, "sun", DayOfWeek.SUNDAY);

    private final ConfigProblems problems;

    BusinessHoursSection(ConfigProblems problems) {
        this.problems = problems;
    }

    BusinessHours read(JsonNode node) {
        BusinessHours d = BusinessHours.weekdaysNineToFive();
        if (node.isMissingNode()) {
            return d;
        }
        Set<DayOfWeek> days = new LinkedHashSet<>();
        if (node.has("days")) {
            for (JsonNode day : node.path("days")) {
                DayOfWeek w = DAYS.get(day.asText().toLowerCase(Locale.ROOT).substring(0, Math.min(3, day.asText().length())));
                if (w == null) {
                    problems.add("business_hours.days", Quoted.value(day.asText()) + " is not a day (mon, tue, ... sun)");
                } else {
                    days.add(w);
                }
            }
        } else {
            days.addAll(d.days());
        }
        LocalTime start = time(node, "start", d.start());
        LocalTime end = time(node, "end", d.end());
        if (!end.isAfter(start)) {
            problems.add("business_hours.end", "must be after start");
        }
        ZoneId zone = d.zone();
        if (node.has("time_zone")) {
            try {
                zone = ZoneId.of(node.path("time_zone").asText());
            } catch (DateTimeException e) {
                problems.add("business_hours.time_zone", "unknown time zone "
                        + Quoted.value(node.path("time_zone").asText()) + " (e.g. Europe/Berlin)");
            }
        }
        return new BusinessHours(days, start, end, zone);
    }

    private LocalTime time(JsonNode node, String key, LocalTime fallback) {
        if (!node.has(key)) {
            return fallback;
        }
        try {
            return LocalTime.parse(node.path(key).asText());
        } catch (DateTimeParseException e) {
            problems.add("business_hours." + key, "expected HH:MM, got " + Quoted.value(node.path(key).asText()));
            return fallback;
        }
    }
}
