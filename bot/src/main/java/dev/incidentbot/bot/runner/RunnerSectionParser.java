package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.DiagnosticValues.absent;
import static dev.incidentbot.bot.runner.DiagnosticValues.scalar;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.config.ConfigProblems;
import dev.incidentbot.platform.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code runner:} section: isolation, concurrency, limits, the child's PATH and extra redactions. */
final class RunnerSectionParser {
    private static final Set<String> RUNNER_KEYS = Set.of("isolation", "max_concurrent",
            "max_concurrent_per_incident", "approval_expiry", "output_cap", "default_timeout", "max_timeout", "path",
            "redact");

    /** Settings plus the one value that only matters while reading diagnostics. */
    record RunnerSection(RunnerSettings settings, Optional<Duration> defaultTimeout) {
    }

    private final DiagnosticValues values;
    private final ConfigProblems problems;

    RunnerSectionParser(DiagnosticValues values) {
        this.values = values;
        this.problems = values.problems();
    }

    RunnerSection read(JsonNode node) {
        RunnerSettings d = RunnerSettings.defaults();
        if (absent(node)) {
            return new RunnerSection(d, Optional.empty());
        }
        if (!node.isObject()) {
            problems.add("runner", "expected a mapping (isolation, max_concurrent, output_cap, ...)");
            return new RunnerSection(d, Optional.empty());
        }
        values.unknownKeys(node, "runner", RUNNER_KEYS);
        String path = d.childPath();
        if (node.has("path")) {
            Optional<String> p = scalar(node.get("path"));
            if (p.isEmpty() || p.get().isEmpty() || !allAbsolute(p.get())) {
                problems.add("runner.path", "expected absolute directories separated by colons, e.g. "
                        + RunnerSettings.DEFAULT_PATH);
            } else {
                path = p.get();
            }
        }
        Isolation isolation = isolation(node.get("isolation"), path);
        int global = values.concurrency(node.get("max_concurrent"), "runner.max_concurrent", d.maxConcurrent());
        int perIncident = values.concurrency(node.get("max_concurrent_per_incident"),
                "runner.max_concurrent_per_incident", d.maxConcurrentPerIncident());
        if (perIncident > global) {
            problems.add("runner.max_concurrent_per_incident", perIncident + " is more than runner.max_concurrent ("
                    + global + ")");
        }
        Duration expiry = values.positiveDuration(node.get("approval_expiry"), "runner.approval_expiry")
                .orElse(d.approvalExpiry());
        long cap = values.outputCap(node.get("output_cap"), "runner.output_cap").orElse(d.outputCapBytes());
        Optional<Duration> defaultTimeout = values.positiveDuration(node.get("default_timeout"),
                "runner.default_timeout");
        Duration maxTimeout = values.positiveDuration(node.get("max_timeout"), "runner.max_timeout")
                .orElse(d.maxTimeout());
        if (defaultTimeout.isPresent() && defaultTimeout.get().compareTo(maxTimeout) > 0) {
            problems.add("runner.default_timeout", Durations.format(defaultTimeout.get())
                    + " exceeds runner.max_timeout (" + Durations.format(maxTimeout) + ")");
        }
        Redactor redactor = Redactor.withExtra(redactions(node.get("redact")));
        return new RunnerSection(new RunnerSettings(isolation, global, perIncident, expiry, cap, maxTimeout, path,
                redactor), defaultTimeout);
    }

    private Isolation isolation(JsonNode node, String path) {
        if (absent(node)) {
            return new Isolation.None();
        }
        String value = scalar(node).orElse("");
        if (value.equals("none")) {
            return new Isolation.None();
        }
        if (!value.equals("bwrap")) {
            problems.add("runner.isolation", EchoedText.quote(value) + " is not one of none, bwrap");
            return new Isolation.None();
        }
        BubblewrapAvailability availability = Bubblewrap.probe(path);
        if (availability instanceof BubblewrapAvailability.Usable u) {
            return new Isolation.Bubblewrap(u.executable());
        }
        problems.add("runner.isolation", ((BubblewrapAvailability.Unusable) availability).reason());
        return new Isolation.None();
    }

    private List<Pattern> redactions(JsonNode node) {
        List<Pattern> out = new ArrayList<>();
        if (absent(node)) {
            return out;
        }
        if (!node.isArray()) {
            problems.add("runner.redact", "expected a list of regular expressions");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = "runner.redact[" + i + "]";
            Optional<String> text = scalar(node.get(i));
            if (text.isEmpty()) {
                problems.add(at, "expected a regular expression");
                continue;
            }
            values.compile(text.get(), at).ifPresent(p -> {
                if (p.matcher("").matches()) {
                    problems.add(at, "matches the empty string, so it would mask nothing useful and everything"
                            + " between characters");
                } else {
                    out.add(p);
                }
            });
        }
        return out;
    }

    private static boolean allAbsolute(String path) {
        for (String dir : path.split(":", -1)) {
            if (!dir.startsWith("/")) {
                return false;
            }
        }
        return true;
    }
}
