package dev.incidentbot.bot.runner;

import dev.incidentbot.bot.config.ConfigProblems;
import dev.incidentbot.platform.Durations;
import dev.incidentbot.platform.UnknownKeys;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the {@code diagnostics:} and {@code runner:} sections (as the YAML trees the config loader hands over) and
 * checks all of them before anything runs. Every problem is collected, one line each naming its key, so an operator
 * fixes the file in one pass; nothing is half-accepted.
 */
public final class DiagnosticsConfigParser {
    private static final Set<String> RUNNER_KEYS = Set.of("isolation", "max_concurrent",
            "max_concurrent_per_incident", "approval_expiry", "output_cap", "default_timeout", "max_timeout", "path",
            "redact");
    private static final Set<String> DIAGNOSTIC_KEYS = Set.of("description", "argv", "params", "timeout", "approval",
            "env", "network", "output_cap", "readable");
    private static final Set<String> PARAMETER_KEYS = Set.of("pattern", "enum", "default");
    private static final Pattern DIAGNOSTIC_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    static final long MIN_OUTPUT_CAP = 1024;
    static final long MAX_OUTPUT_CAP = 16L * 1024 * 1024;
    private static final int MAX_CONCURRENT_LIMIT = 64;
    /** Diagnostics say what they need; one that says nothing waits for a second responder. */
    static final Approval DEFAULT_APPROVAL = Approval.SECOND_RESPONDER;

    private final List<String> unavailable = new ArrayList<>();
    private final ConfigProblems problems = new ConfigProblems();

    private DiagnosticsConfigParser() {
    }

    /**
     * @param diagnostics the {@code diagnostics:} mapping; missing or empty means no diagnostics
     * @param runner      the {@code runner:} mapping; missing or empty means the defaults in {@link RunnerSettings}
     */
    public static ParsedDiagnostics parse(JsonNode diagnostics, JsonNode runner) {
        DiagnosticsConfigParser parser = new DiagnosticsConfigParser();
        RunnerSection section = parser.runner(runner);
        List<DiagnosticDefinition> definitions = parser.diagnostics(diagnostics, section);
        if (!parser.problems.isEmpty()) {
            return new ParsedDiagnostics.Invalid(parser.problems.texts());
        }
        return new ParsedDiagnostics.Valid(section.settings, new DiagnosticCatalog(definitions), parser.unavailable);
    }

    /** Settings plus the one value that only matters while reading diagnostics. */
    private record RunnerSection(RunnerSettings settings, Optional<Duration> defaultTimeout) {
    }

    // ---- runner ----

    private RunnerSection runner(JsonNode node) {
        RunnerSettings d = RunnerSettings.defaults();
        if (absent(node)) {
            return new RunnerSection(d, Optional.empty());
        }
        if (!node.isObject()) {
            problems.add("runner", "expected a mapping (isolation, max_concurrent, output_cap, ...)");
            return new RunnerSection(d, Optional.empty());
        }
        unknownKeys(node, "runner", RUNNER_KEYS);
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
        int global = integer(node.get("max_concurrent"), "runner.max_concurrent", d.maxConcurrent());
        int perIncident = integer(node.get("max_concurrent_per_incident"), "runner.max_concurrent_per_incident",
                d.maxConcurrentPerIncident());
        if (perIncident > global) {
            problems.add("runner.max_concurrent_per_incident", perIncident + " is more than runner.max_concurrent ("
                    + global + ")");
        }
        Duration expiry = positiveDuration(node.get("approval_expiry"), "runner.approval_expiry")
                .orElse(d.approvalExpiry());
        long cap = outputCap(node.get("output_cap"), "runner.output_cap").orElse(d.outputCapBytes());
        Optional<Duration> defaultTimeout = positiveDuration(node.get("default_timeout"), "runner.default_timeout");
        Duration maxTimeout = positiveDuration(node.get("max_timeout"), "runner.max_timeout").orElse(d.maxTimeout());
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
            compile(text.get(), at).ifPresent(p -> {
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

    // ---- diagnostics ----

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
        unknownKeys(node, at, DIAGNOSTIC_KEYS);
        String description = scalar(node.path("description")).orElse("");
        if (description.isBlank()) {
            problems.add(at + ".description", "missing; say in a few words what it shows");
        }
        Set<String> declared = node.path("params").isObject() ? fieldNames(node.get("params")) : Set.of();
        Map<String, ParameterSpec> parameters = parameters(node.get("params"), at);
        List<ArgTemplate> argv = argv(node.get("argv"), at, parameters, declared);
        Optional<Path> executable = argv.isEmpty() ? Optional.empty()
                : executable(argv.get(0), at + ".argv[0]", runner.settings);

        Optional<Duration> ownTimeout = positiveDuration(node.get("timeout"), at + ".timeout");
        Duration timeout = ownTimeout.or(runner::defaultTimeout).orElse(Duration.ZERO);
        if (timeout.isZero() && !node.has("timeout")) {
            problems.add(at + ".timeout", "missing, and runner.default_timeout is not set; every diagnostic needs a"
                    + " timeout (e.g. timeout: 10s)");
        } else if (timeout.compareTo(runner.settings.maxTimeout()) > 0) {
            problems.add(at + ".timeout", Durations.format(timeout) + " exceeds runner.max_timeout ("
                    + Durations.format(runner.settings.maxTimeout()) + ")");
        }
        Approval approval = DEFAULT_APPROVAL;
        if (node.has("approval")) {
            String text = scalar(node.get("approval")).orElse("");
            Optional<Approval> parsed = Approval.fromConfig(text);
            if (parsed.isEmpty()) {
                problems.add(at + ".approval", EchoedText.quote(text)
                        + " is not one of none, commander, second-responder");
            }
            approval = parsed.orElse(DEFAULT_APPROVAL);
        }
        List<String> env = environment(node.get("env"), at + ".env");
        boolean network = false;
        if (node.has("network")) {
            if (!node.get("network").isBoolean()) {
                problems.notABoolean(at + ".network", node.get("network").asText());
            }
            network = node.get("network").asBoolean(false);
        }
        long cap = outputCap(node.get("output_cap"), at + ".output_cap").orElse(runner.settings.outputCapBytes());
        List<Path> readable = readable(node.get("readable"), at + ".readable");
        if (runner.settings.isolation() instanceof Isolation.Bubblewrap && executable.isPresent()
                && !Bubblewrap.insideSystemRoots(executable.get())
                && readable.stream().noneMatch(r -> executable.get().startsWith(r))) {
            problems.add(at + ".argv[0]", executable.get() + " is outside the directories bubblewrap binds ("
                    + String.join(" ", Bubblewrap.SYSTEM_ROOTS) + "); list its directory under readable");
        }
        if (problems.size() > before || executable.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DiagnosticDefinition(name, description, argv, executable.get(), parameters, timeout,
                approval, env, network, cap, readable));
    }

    /** {@code declared} includes parameters whose own definition was faulty, so they are not called unknown too. */
    private List<ArgTemplate> argv(JsonNode node, String at, Map<String, ParameterSpec> parameters,
                                   Set<String> declared) {
        List<ArgTemplate> out = new ArrayList<>();
        if (absent(node) || !node.isArray() || node.isEmpty()) {
            problems.add(at + ".argv", "missing; the command as a list, e.g. [\"df\", \"-h\"] (no shell is involved)");
            return out;
        }
        Map<String, Integer> usedIn = new LinkedHashMap<>();
        boolean valid = true;
        for (int i = 0; i < node.size(); i++) {
            String elementAt = at + ".argv[" + i + "]";
            Optional<String> text = scalar(node.get(i));
            if (text.isEmpty()) {
                problems.add(elementAt, "expected a string");
                valid = false;
                continue;
            }
            ArgTemplate template;
            try {
                template = ArgTemplate.parse(text.get());
            } catch (IllegalArgumentException e) {
                problems.add(elementAt, e.getMessage());
                valid = false;
                continue;
            }
            if (i == 0 && !template.placeholders().isEmpty()) {
                problems.add(elementAt, "the executable cannot be a parameter");
                valid = false;
                continue;
            }
            for (String placeholder : template.placeholders()) {
                if (!declared.contains(placeholder)) {
                    problems.add(elementAt, "unknown placeholder {" + placeholder + "}" + (declared.isEmpty()
                            ? "; declare it under params" : " (params: " + String.join(", ", declared) + ")"));
                    valid = false;
                } else if (!parameters.containsKey(placeholder)) {
                    valid = false;
                } else if (usedIn.containsKey(placeholder)) {
                    problems.add(elementAt, "{" + placeholder + "} already used in argv[" + usedIn.get(placeholder)
                            + "]; a parameter fills exactly one argv element, once");
                    valid = false;
                } else {
                    usedIn.put(placeholder, i);
                }
            }
            out.add(template);
        }
        for (String p : parameters.keySet()) {
            if (!usedIn.containsKey(p) && valid) {
                problems.add(at + ".params." + p, "not used in argv; remove it or add {" + p + "} to an element");
            }
        }
        for (ArgTemplate t : out) {
            for (ParameterSpec p : parameters.values()) {
                if (t.startsWithPlaceholder(p.name()) && p instanceof ParameterSpec.OneOf o) {
                    o.values().stream().filter(v -> v.startsWith("-")).findFirst().ifPresent(v -> problems.add(
                            at + ".params." + p.name() + ".enum", EchoedText.quote(v) + " starts with \"-\" and"
                                    + " would be read as an option; options belong in argv itself"));
                }
            }
        }
        if (valid) {
            Optional<String> script = InlineScripts.problem(out);
            if (script.isPresent()) {
                problems.add(at + ".argv", script.get());
                return List.of();
            }
        }
        return valid ? out : List.of();
    }

    private Optional<Path> executable(ArgTemplate program, String at, RunnerSettings settings) {
        String name = program.source();
        if (name.isBlank()) {
            problems.add(at, "empty; name the program to run");
            return Optional.empty();
        }
        Optional<Path> found = ExecutableSearch.find(name, settings.childPath());
        if (found.isEmpty() && name.contains("/")) {
            problems.add(at, EchoedText.quote(name)
                    + " is not an executable file given by a normalized absolute path; install it or remove this diagnostic");
        } else if (found.isEmpty()) {
            // A program missing on this host (e.g. `free` on macOS) makes that diagnostic unavailable, not the bot.
            unavailable.add(at.replaceFirst("^diagnostics\\.", "").replaceFirst("\\.argv\\[0\\]$", "") + ": "
                    + EchoedText.quote(name) + " is not installed (not found in runner.path)");
        }
        return found;
    }

    private Map<String, ParameterSpec> parameters(JsonNode node, String at) {
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
        unknownKeys(node, at, PARAMETER_KEYS);
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
        ParameterSpec spec;
        if (hasPattern) {
            Optional<String> text = scalar(node.get("pattern"));
            if (text.isEmpty()) {
                problems.add(at + ".pattern", "expected a regular expression");
                return Optional.empty();
            }
            Optional<Pattern> pattern = compile(text.get(), at + ".pattern");
            if (pattern.isEmpty()) {
                return Optional.empty();
            }
            spec = new ParameterSpec.Matching(name, pattern.get(), defaultValue);
        } else {
            JsonNode list = node.get("enum");
            if (!list.isArray() || list.isEmpty()) {
                problems.add(at + ".enum", "expected a non-empty list of values");
                return Optional.empty();
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Optional<String> v = scalar(list.get(i));
                String valueAt = at + ".enum[" + i + "]";
                if (v.isEmpty() || v.get().isEmpty()) {
                    problems.add(valueAt, "expected a non-empty value");
                } else if (v.get().length() > DiagnosticCatalog.MAX_VALUE_LENGTH
                        || v.get().codePoints().anyMatch(EchoedText::isInvisible)) {
                    problems.add(valueAt, "values are at most " + DiagnosticCatalog.MAX_VALUE_LENGTH
                            + " visible characters");
                } else {
                    values.add(v.get());
                }
            }
            if (values.size() < list.size()) {
                return Optional.empty();
            }
            spec = new ParameterSpec.OneOf(name, values, defaultValue);
        }
        if (defaultValue.isPresent() && (!spec.admits(defaultValue.get())
                || defaultValue.get().length() > DiagnosticCatalog.MAX_VALUE_LENGTH
                || defaultValue.get().codePoints().anyMatch(EchoedText::isInvisible))) {
            problems.add(at + ".default", EchoedText.quote(defaultValue.get()) + " is not accepted by its own "
                    + "check (" + spec.accepts() + ")");
            return Optional.empty();
        }
        return Optional.of(spec);
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

    // ---- values ----

    private Optional<Pattern> compile(String regex, String at) {
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            problems.add(at, "does not compile: " + e.getDescription() + (e.getIndex() >= 0
                    ? " near index " + e.getIndex() : "") + " in " + regex);
            return Optional.empty();
        }
    }

    private Optional<Duration> positiveDuration(JsonNode node, String at) {
        if (absent(node)) {
            return Optional.empty();
        }
        String text = scalar(node).orElse("");
        Optional<Duration> d = Durations.parse(text);
        if (d.isEmpty()) {
            problems.notADuration(at, text);
        } else if (d.get().isZero()) {
            problems.add(at, "must be longer than 0");
            return Optional.empty();
        }
        return d;
    }

    private Optional<Long> outputCap(JsonNode node, String at) {
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

    private int integer(JsonNode node, String at, int fallback) {
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

    private void unknownKeys(JsonNode node, String at, Set<String> known) {
        problems.addReported(UnknownKeys.in(node, at, known));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean allAbsolute(String path) {
        for (String dir : path.split(":", -1)) {
            if (!dir.startsWith("/")) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> scalar(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }
}
