package dev.incidentbot.bot.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.platform.Durations;
import dev.incidentbot.platform.UnknownKeys;
import java.time.Duration;
import java.util.Set;

/**
 * Single values of the core config read with their checks: a value that is missing falls back to its default, one
 * that is wrong is a problem (and the default is used, so the rest is still checked).
 */
final class ConfigValues {
    /** Below this a reminder or retry loop would spin; only escalation {@code after: 0m} ("at once") may be shorter. */
    static final Duration MIN_DURATION = Duration.ofSeconds(1);

    private final ConfigProblems problems;

    ConfigValues(ConfigProblems problems) {
        this.problems = problems;
    }

    ConfigProblems problems() {
        return problems;
    }

    Duration requiredDuration(JsonNode node, String at, String key) {
        return requiredDuration(node, at, key, MIN_DURATION);
    }

    /** {@code min}: the shortest value that makes sense here; shorter is a problem saying why. */
    Duration requiredDuration(JsonNode node, String at, String key, Duration min) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            problems.add(at + "." + key, "missing; a duration like 90s, 15m, 4h or 1d");
            return Duration.ofMinutes(1);
        }
        Duration d = Durations.parse(v.asText()).orElseGet(() -> {
            problems.notADuration(at + "." + key, v.asText());
            return Duration.ofMinutes(1);
        });
        return atLeast(at + "." + key, d, min);
    }

    Duration duration(JsonNode root, String dotted, String fallback) {
        String value = text(root, dotted, fallback);
        Duration d = Durations.parse(value).orElseGet(() -> {
            problems.notADuration(dotted, value);
            return Durations.parse(fallback).orElseThrow();
        });
        return atLeast(dotted, d, MIN_DURATION);
    }

    private Duration atLeast(String at, Duration d, Duration min) {
        if (d.compareTo(min) < 0) {
            problems.add(at, Durations.format(d) + " is too short: the bot would repeat it without pause;"
                    + " at least " + Durations.format(min));
            return Duration.ofMinutes(1);
        }
        return d;
    }

    boolean bool(JsonNode node, String at, String key, boolean fallback) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            problems.notABoolean(at + "." + key, v.asText());
            return fallback;
        }
        return v.booleanValue();
    }

    String text(JsonNode root, String dotted, String fallback) {
        JsonNode v = at(root, dotted);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            problems.add(dotted, "expected a single value");
            return fallback;
        }
        return v.asText();
    }

    int integer(JsonNode root, String dotted, int fallback, int min, int max) {
        JsonNode v = at(root, dotted);
        if (v.isMissingNode()) {
            return fallback;
        }
        if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            problems.notAWholeNumber(dotted, v.asText(), min, max);
            return fallback;
        }
        return v.asInt();
    }

    /** One problem per key of the mapping {@code node} (at {@code at}) that is not in {@code known}. */
    void unknownKeys(JsonNode node, String at, Set<String> known) {
        problems.addReported(UnknownKeys.in(node, at, known));
    }

    private static JsonNode at(JsonNode root, String dotted) {
        JsonNode v = root;
        for (String part : dotted.split("\\.")) {
            v = v.path(part);
        }
        return v;
    }
}
