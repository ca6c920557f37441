package dev.incidentbot.bot.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.config.ConfigProblems;
import dev.incidentbot.platform.UnknownKeys;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Single values of the {@code diagnostics:} and {@code runner:} sections read with their checks. */
final class DiagnosticValues {
    static final long MIN_OUTPUT_CAP = 1024;
    static final long MAX_OUTPUT_CAP = 16L * 1024 * 1024;
    private static final int MAX_CONCURRENT_LIMIT = 64;

    private final ConfigProblems problems;

    DiagnosticValues(ConfigProblems problems) {
        this.problems = problems;
    }

    ConfigProblems problems() {
        return problems;
    }

    Optional<Pattern> compile(String regex, String at) {
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            problems.add(at, "does not compile: " + e.getDescription() + (e.getIndex() >= 0
                    ? " near index " + e.getIndex() : "") + " in " + regex);
            return Optional.empty();
        }
    }

    Optional<Duration> positiveDuration(JsonNode node, String at) {
        if (absent(node)) {
            return Optional.empty();
        }
        String text = scalar(node).orElse("");
        Optional<Duration> d = dev.incidentbot.platform.Durations.parse(text);
        if (d.isEmpty()) {
            problems.notADuration(at, text);
        } else if (d.get().isZero()) {
            problems.add(at, "must be longer than 0");
            return Optional.empty();
        }
        return d;
    }

    Optional<Long> outputCap(JsonNode node, String at) {
        if (absent(node)) {
            return Optional.empty();
        }
        String text = scalar(node).orElse("");
        Optional<Long> bytes = ByteSizes.parse(text);
        if (bytes.isEmpty()) {
            problems.add(at, EchoedText.quote(text) + " is not a size; write e.g. 65536, 64KiB or 1MiB");
        } else if (bytes.get() < MIN_OUTPUT_CAP || bytes.get() > MAX_OUTPUT_CAP) {
            problems.add(at, ByteSizes.format(bytes.get()) + " is outside " + ByteSizes.format(MIN_OUTPUT_CAP)
                    + " to " + ByteSizes.format(MAX_OUTPUT_CAP) + " (the cap is held in memory per stream)");
            return Optional.empty();
        }
        return bytes;
    }

    /** A concurrency limit: 1 to {@value #MAX_CONCURRENT_LIMIT}. */
    int concurrency(JsonNode node, String at, int fallback) {
        if (absent(node)) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 1
                || node.intValue() > MAX_CONCURRENT_LIMIT) {
            problems.notAWholeNumber(at, node.asText(), 1, MAX_CONCURRENT_LIMIT);
            return fallback;
        }
        return node.intValue();
    }

    void unknownKeys(JsonNode node, String at, Set<String> known) {
        problems.addReported(UnknownKeys.in(node, at, known));
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Optional<String> scalar(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? Optional.of(node.asText()) : Optional.empty();
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }
}
