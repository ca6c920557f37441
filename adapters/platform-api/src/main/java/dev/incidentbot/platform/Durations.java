package dev.incidentbot.platform;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them in the config: {@code 90s}, {@code 15m}, {@code 4h}, {@code 1d}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return Optional.of(Duration.ofMillis(n));
            case "s": return Optional.of(Duration.ofSeconds(n));
            case "m": return Optional.of(Duration.ofMinutes(n));
            case "h": return Optional.of(Duration.ofHours(n));
            default: return Optional.of(Duration.ofDays(n));
        }
    }

    /** The shortest exact form: 900s -> "15m". */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (d.toMillisPart() != 0 || s == 0) {
            return d.toMillis() + "ms";
        }
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
