package dev.incidentbot.bot.config;

import java.util.OptionalInt;

/**
 * One thing wrong with the configuration: the key at fault ({@code severities.sev1.update_every},
 * {@code diagnostics.health.argv[0]}), what is wrong and, when the YAML source is at hand, the line of that key.
 */
public record ConfigProblem(String path, String message, OptionalInt line) {

    public static ConfigProblem at(String path, String message) {
        return new ConfigProblem(path, message, OptionalInt.empty());
    }

    /** The one form every problem is shown in: {@code key: message}, then {@code (line n)} where known. */
    public String text() {
        String where = path.isEmpty() ? "" : path + ": ";
        return where + message + (line.isPresent() ? " (line " + line.getAsInt() + ")" : "");
    }

    ConfigProblem onLine(int n) {
        return new ConfigProblem(path, message, OptionalInt.of(n));
    }
}
