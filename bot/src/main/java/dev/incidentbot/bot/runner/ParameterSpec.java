package dev.incidentbot.bot.runner;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a diagnostic parameter accepts: a full-match pattern or a fixed list of values. */
public sealed interface ParameterSpec permits ParameterSpec.Matching, ParameterSpec.OneOf {
    String name();

    Optional<String> defaultValue();

    boolean admits(String value);

    /** Fits after "name: " in an error or a listing, e.g. {@code must match ^[0-9]{2,5}$}. */
    String accepts();

    record Matching(String name, Pattern pattern, Optional<String> defaultValue) implements ParameterSpec {
        @Override
        public boolean admits(String value) {
            return pattern.matcher(value).matches();
        }

        @Override
        public String accepts() {
            return "must match " + pattern.pattern();
        }
    }

    record OneOf(String name, List<String> values, Optional<String> defaultValue) implements ParameterSpec {
        public OneOf {
            values = List.copyOf(values);
        }

        @Override
        public boolean admits(String value) {
            return values.contains(value);
        }

        @Override
        public String accepts() {
            return "one of " + String.join(", ", values);
        }
    }
}
