package dev.incidentbot.bot.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Incident ids as people type them: {@code INC-7} (case-insensitive, {@code #} and {@code inc7} accepted). */
public final class IncidentId {
    private static final Pattern FORM = Pattern.compile("(?i)#?inc-?(\\d{1,9})");

    private IncidentId() {
    }

    public static String format(long number) {
        return "INC-" + number;
    }

    public static Optional<Long> parse(String text) {
        Matcher m = FORM.matcher(text);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }
}
