package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.DiagnosticValues.absent;
import static dev.incidentbot.bot.runner.DiagnosticValues.scalar;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.config.ConfigProblems;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a diagnostic's {@code params:}: each parameter is a pattern or a list of values, with an optional default
 * that its own check must accept. A faulty parameter is left out (and reported).
 */
final class ParameterSpecParser {
    private static final Set<String> PARAMETER_KEYS = Set.of("pattern", "enum", "default");

    private final DiagnosticValues values;
    private final ConfigProblems problems;

    ParameterSpecParser(DiagnosticValues values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** {@code at}: the diagnostic's key, e.g. {@code diagnostics.health}. */
    Map<String, ParameterSpec> read(JsonNode node, String at) {
        Map<String, ParameterSpec> out = new LinkedHashMap<>();
        if (absent(node)) {
            return out;
        }
        if (!node.isObject()) {
            problems.add(at + ".params", "expected a mapping of parameter name to {pattern | enum, default}");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parameter(e.getKey(), e.getValue(), at + ".params." + e.getKey()).ifPresent(p -> out.put(p.name(), p));
        }
        return out;
    }

    private Optional<ParameterSpec> parameter(String name, JsonNode node, String at) {
        if (!ArgTemplate.NAME.matcher(name).matches()) {
            problems.add(at, "parameter names are lowercase letters, digits and _, starting with a letter");
            return Optional.empty();
        }
        if (!node.isObject()) {
            problems.add(at, "expected {pattern: \"^...$\"} or {enum: [a, b]}");
            return Optional.empty();
        }
        values.unknownKeys(node, at, PARAMETER_KEYS);
        boolean hasPattern = node.has("pattern");
        boolean hasEnum = node.has("enum");
        if (hasPattern == hasEnum) {
            problems.add(at, "needs exactly one of pattern or enum");
            return Optional.empty();
        }
        Optional<String> defaultValue = Optional.empty();
        if (node.has("default")) {
            defaultValue = scalar(node.get("default"));
            if (defaultValue.isEmpty()) {
                problems.add(at + ".default", "expected a single value");
                return Optional.empty();
            }
        }
        Optional<ParameterSpec> spec = hasPattern ? matching(name, node.get("pattern"), at, defaultValue)
                : oneOf(name, node.get("enum"), at, defaultValue);
        if (spec.isPresent() && defaultValue.isPresent() && !acceptable(spec.get(), defaultValue.get())) {
            problems.add(at + ".default", EchoedText.quote(defaultValue.get()) + " is not accepted by its own "
                    + "check (" + spec.get().accepts() + ")");
            return Optional.empty();
        }
        return spec;
    }

    private Optional<ParameterSpec> matching(String name, JsonNode node, String at, Optional<String> defaultValue) {
        Optional<String> text = scalar(node);
        if (text.isEmpty()) {
            problems.add(at + ".pattern", "expected a regular expression");
            return Optional.empty();
        }
        Optional<Pattern> pattern = values.compile(text.get(), at + ".pattern");
        return pattern.map(p -> new ParameterSpec.Matching(name, p, defaultValue));
    }

    private Optional<ParameterSpec> oneOf(String name, JsonNode list, String at, Optional<String> defaultValue) {
        if (!list.isArray() || list.isEmpty()) {
            problems.add(at + ".enum", "expected a non-empty list of values");
            return Optional.empty();
        }
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Optional<String> v = scalar(list.get(i));
            String valueAt = at + ".enum[" + i + "]";
            if (v.isEmpty() || v.get().isEmpty()) {
                problems.add(valueAt, "expected a non-empty value");
            } else if (!shortAndVisible(v.get())) {
                problems.add(valueAt, "values are at most " + DiagnosticCatalog.MAX_VALUE_LENGTH
                        + " visible characters");
            } else {
                accepted.add(v.get());
            }
        }
        if (accepted.size() < list.size()) {
            return Optional.empty();
        }
        return Optional.of(new ParameterSpec.OneOf(name, accepted, defaultValue));
    }

    private static boolean acceptable(ParameterSpec spec, String value) {
        return spec.admits(value) && shortAndVisible(value);
    }

    private static boolean shortAndVisible(String value) {
        return value.length() <= DiagnosticCatalog.MAX_VALUE_LENGTH
                && value.codePoints().noneMatch(EchoedText::isInvisible);
    }
}
