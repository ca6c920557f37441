package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.DiagnosticValues.absent;
import static dev.incidentbot.bot.runner.DiagnosticValues.fieldNames;
import static dev.incidentbot.bot.runner.DiagnosticValues.scalar;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.config.ConfigProblems;
import dev.incidentbot.bot.runner.RunnerSectionParser.RunnerSection;
import dev.incidentbot.platform.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code diagnostics:} and {@code runner:} sections (as the YAML trees the config loader hands over) and
 * checks all of them before anything runs. Every problem is collected, one line each naming its key, so an operator
 * fixes the file in one pass; nothing is half-accepted.
 */
public final class DiagnosticsConfigParser {
    private static final Set<String> DIAGNOSTIC_KEYS = Set.of("description", "argv", "params", "timeout", "approval",
            "env", "network", "output_cap", "readable");
    private static final Pattern DIAGNOSTIC_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Diagnostics say what they need; one that says nothing waits for a second responder. */
    static final Approval DEFAULT_APPROVAL = Approval.SECOND_RESPONDER;

    private final List<String> unavailable = new ArrayList<>();
    private final ConfigProblems problems = new ConfigProblems();
    private final DiagnosticValues values = new DiagnosticValues(problems);
    private final ParameterSpecParser parameters = new ParameterSpecParser(values);
    private final ArgvTemplateParser argv = new ArgvTemplateParser(problems, unavailable);

    private DiagnosticsConfigParser() {
    }

    /**
     * @param diagnostics the {@code diagnostics:} mapping; missing or empty means no diagnostics
     * @param runner      the {@code runner:} mapping; missing or empty means the defaults in {@link RunnerSettings}
     */
    public static ParsedDiagnostics parse(JsonNode diagnostics, JsonNode runner) {
        DiagnosticsConfigParser parser = new DiagnosticsConfigParser();
        RunnerSection section = new RunnerSectionParser(parser.values).read(runner);
        List<DiagnosticDefinition> definitions = parser.diagnostics(diagnostics, section);
        if (!parser.problems.isEmpty()) {
            return new ParsedDiagnostics.Invalid(parser.problems.texts());
        }
        return new ParsedDiagnostics.Valid(section.settings(), new DiagnosticCatalog(definitions), parser.unavailable);
    }

    private List<DiagnosticDefinition> diagnostics(JsonNode node, RunnerSection runner) {
        List<DiagnosticDefinition> out = new ArrayList<>();
        if (absent(node)) {
            return out;
        }
        if (!node.isObject()) {
            problems.add("diagnostics", "expected a mapping of diagnostic name to its definition");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            diagnostic(e.getKey(), e.getValue(), runner).ifPresent(out::add);
        }
        return out;
    }

    private Optional<DiagnosticDefinition> diagnostic(String name, JsonNode node, RunnerSection runner) {
        String at = "diagnostics." + name;
        int before = problems.size();
        if (!DIAGNOSTIC_NAME.matcher(name).matches()) {
            problems.add(at, "names are lowercase letters, digits, - and _, starting with a letter"
                    + " (people type them after /incident run)");
        }
        if (!node.isObject()) {
            problems.add(at, "expected a mapping with description, argv, timeout, ...");
            return Optional.empty();
        }
        values.unknownKeys(node, at, DIAGNOSTIC_KEYS);
        String description = scalar(node.path("description")).orElse("");
        if (description.isBlank()) {
            problems.add(at + ".description", "missing; say in a few words what it shows");
        }
        Set<String> declared = node.path("params").isObject() ? fieldNames(node.get("params")) : Set.of();
        Map<String, ParameterSpec> params = parameters.read(node.get("params"), at);
        List<ArgTemplate> templates = argv.read(node.get("argv"), at, params, declared);
        Optional<Path> executable = templates.isEmpty() ? Optional.empty()
                : argv.executable(templates.get(0), at + ".argv[0]", runner.settings());
        Duration timeout = timeout(node, at, runner);
        Approval approval = approval(node, at);
        List<String> env = environment(node.get("env"), at + ".env");
        boolean network = false;
        if (node.has("network")) {
            if (!node.get("network").isBoolean()) {
                problems.notABoolean(at + ".network", node.get("network").asText());
            }
            network = node.get("network").asBoolean(false);
        }
        long cap = values.outputCap(node.get("output_cap"), at + ".output_cap")
                .orElse(runner.settings().outputCapBytes());
        List<Path> readable = readable(node.get("readable"), at + ".readable");
        if (runner.settings().isolation() instanceof Isolation.Bubblewrap && executable.isPresent()
                && !Bubblewrap.insideSystemRoots(executable.get())
                && readable.stream().noneMatch(r -> executable.get().startsWith(r))) {
            problems.add(at + ".argv[0]", executable.get() + " is outside the directories bubblewrap binds ("
                    + String.join(" ", Bubblewrap.SYSTEM_ROOTS) + "); list its directory under readable");
        }
        if (problems.size() > before || executable.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DiagnosticDefinition(name, description, templates, executable.get(), params, timeout,
                approval, env, network, cap, readable));
    }

    /** Its own, else {@code runner.default_timeout}; one of them is required, and at most runner.max_timeout. */
    private Duration timeout(JsonNode node, String at, RunnerSection runner) {
        Optional<Duration> own = values.positiveDuration(node.get("timeout"), at + ".timeout");
        Duration timeout = own.or(runner::defaultTimeout).orElse(Duration.ZERO);
        if (timeout.isZero() && !node.has("timeout")) {
            problems.add(at + ".timeout", "missing, and runner.default_timeout is not set; every diagnostic needs a"
                    + " timeout (e.g. timeout: 10s)");
        } else if (timeout.compareTo(runner.settings().maxTimeout()) > 0) {
            problems.add(at + ".timeout", Durations.format(timeout) + " exceeds runner.max_timeout ("
                    + Durations.format(runner.settings().maxTimeout()) + ")");
        }
        return timeout;
    }

    private Approval approval(JsonNode node, String at) {
        if (!node.has("approval")) {
            return DEFAULT_APPROVAL;
        }
        String text = scalar(node.get("approval")).orElse("");
        Optional<Approval> parsed = Approval.fromConfig(text);
        if (parsed.isEmpty()) {
            problems.add(at + ".approval", EchoedText.quote(text) + " is not one of none, commander, second-responder");
        }
        return parsed.orElse(DEFAULT_APPROVAL);
    }

    private List<String> environment(JsonNode node, String at) {
        List<String> out = new ArrayList<>();
        if (absent(node)) {
            return out;
        }
        if (!node.isArray()) {
            problems.add(at, "expected a list of environment variable names, e.g. [API_BASE_URL]");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            Optional<String> name = scalar(node.get(i));
            if (name.isEmpty() || !ENV_NAME.matcher(name.get()).matches()) {
                problems.add(at + "[" + i + "]", EchoedText.quote(name.orElse("")) + " is not an environment"
                        + " variable name");
            } else {
                out.add(name.get());
            }
        }
        return out;
    }

    private List<Path> readable(JsonNode node, String at) {
        List<Path> out = new ArrayList<>();
        if (absent(node)) {
            return out;
        }
        if (!node.isArray()) {
            problems.add(at, "expected a list of absolute paths");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            Optional<String> text = scalar(node.get(i));
            Optional<Path> p = text.filter(t -> t.startsWith("/")).map(Path::of).filter(x -> x.normalize().equals(x));
            if (p.isEmpty()) {
                problems.add(at + "[" + i + "]", EchoedText.quote(text.orElse("")) + " is not a normalized"
                        + " absolute path");
            } else {
                out.add(p.get());
            }
        }
        return out;
    }
}
