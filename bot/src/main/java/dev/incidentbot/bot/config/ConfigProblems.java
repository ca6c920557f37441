package dev.incidentbot.bot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every problem found in one configuration, collected rather than thrown so an operator fixes the file in one pass.
 * The core keys, the diagnostics and the platform and integration sections all report here, so every problem reads
 * the same: {@code key: message}, with the key's line where the YAML source is at hand.
 */
public final class ConfigProblems {
    /** A line another module reported as {@code key: message} (platform-api's UnknownKeys and the providers' checks). */
    private static final Pattern REPORTED = Pattern.compile("([A-Za-z0-9_-]+(?:\\[\\d+]|\\.[A-Za-z0-9_-]+)*): (.+)",
            Pattern.DOTALL);

    private final ConfigLines lines;
    private final List<ConfigProblem> found = new ArrayList<>();

    public ConfigProblems(ConfigLines lines) {
        this.lines = lines;
    }

    /** A collector for sections read without their source text (no lines). */
    public ConfigProblems() {
        this(ConfigLines.none());
    }

    public void add(String path, String message) {
        add(ConfigProblem.at(path, message));
    }

    public void add(ConfigProblem problem) {
        found.add(problem.line().isPresent() ? problem
                : lines.lineOf(problem.path()).stream().mapToObj(problem::onLine).findFirst().orElse(problem));
    }

    public void addAll(List<ConfigProblem> problems) {
        problems.forEach(this::add);
    }

    /** Lines checks outside the engine made, each {@code key: message}; a line naming no key is kept as it is. */
    public void addReported(List<String> reported) {
        for (String line : reported) {
            Matcher m = REPORTED.matcher(line);
            add(m.matches() ? ConfigProblem.at(m.group(1), m.group(2)) : ConfigProblem.at("", line));
        }
    }

    // The wording of the checks every section shares.

    public void notADuration(String path, String value) {
        add(path, Quoted.value(value) + " is not a duration; write e.g. 90s, 15m, 4h or 1d");
    }

    public void notABoolean(String path, String value) {
        add(path, "expected true or false, got " + Quoted.value(value));
    }

    public void notAWholeNumber(String path, String value, long min, long max) {
        add(path, "expected a whole number from " + min + " to " + max + ", got " + Quoted.value(value));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public int size() {
        return found.size();
    }

    public List<ConfigProblem> all() {
        return List.copyOf(found);
    }

    /** Each problem in its one form, in the order found. */
    public List<String> texts() {
        return found.stream().map(ConfigProblem::text).toList();
    }

    /** Throws {@link ConfigException} listing every problem, if there is any. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ConfigException(texts());
        }
    }
}
