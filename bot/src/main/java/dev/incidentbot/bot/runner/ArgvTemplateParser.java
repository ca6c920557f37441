package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.DiagnosticValues.absent;
import static dev.incidentbot.bot.runner.DiagnosticValues.scalar;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.config.ConfigProblems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a diagnostic's {@code argv:}: each element a template, each declared parameter filling exactly one element
 * once, never the executable, never inside an inline script; and finds the executable on {@code runner.path}.
 */
final class ArgvTemplateParser {
    private final ConfigProblems problems;
    private final List<String> unavailable;

    /** {@code unavailable} collects one line per diagnostic whose program is not installed on this host. */
    ArgvTemplateParser(ConfigProblems problems, List<String> unavailable) {
        this.problems = problems;
        this.unavailable = unavailable;
    }

    /**
     * The templates, or none when any is faulty. {@code declared} includes parameters whose own definition was
     * faulty, so they are not called unknown too.
     */
    List<ArgTemplate> read(JsonNode node, String at, Map<String, ParameterSpec> parameters, Set<String> declared) {
        List<ArgTemplate> out = new ArrayList<>();
        if (absent(node) || !node.isArray() || node.isEmpty()) {
            problems.add(at + ".argv", "missing; the command as a list, e.g. [\"df\", \"-h\"] (no shell is involved)");
            return out;
        }
        Map<String, Integer> usedIn = new LinkedHashMap<>();
        boolean valid = true;
        for (int i = 0; i < node.size(); i++) {
            String elementAt = at + ".argv[" + i + "]";
            Optional<ArgTemplate> template = element(node.get(i), i, elementAt);
            if (template.isEmpty()) {
                valid = false;
                continue;
            }
            for (String placeholder : template.get().placeholders()) {
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
            out.add(template.get());
        }
        for (String p : parameters.keySet()) {
            if (!usedIn.containsKey(p) && valid) {
                problems.add(at + ".params." + p, "not used in argv; remove it or add {" + p + "} to an element");
            }
        }
        optionLikeValues(out, at, parameters);
        if (valid) {
            Optional<String> script = InlineScripts.problem(out);
            if (script.isPresent()) {
                problems.add(at + ".argv", script.get());
                return List.of();
            }
        }
        return valid ? out : List.of();
    }

    private Optional<ArgTemplate> element(JsonNode node, int index, String at) {
        Optional<String> text = scalar(node);
        if (text.isEmpty()) {
            problems.add(at, "expected a string");
            return Optional.empty();
        }
        ArgTemplate template;
        try {
            template = ArgTemplate.parse(text.get());
        } catch (IllegalArgumentException e) {
            problems.add(at, e.getMessage());
            return Optional.empty();
        }
        if (index == 0 && !template.placeholders().isEmpty()) {
            problems.add(at, "the executable cannot be a parameter");
            return Optional.empty();
        }
        return Optional.of(template);
    }

    /** A value that starts an element and begins with "-" would be read as an option. */
    private void optionLikeValues(List<ArgTemplate> templates, String at, Map<String, ParameterSpec> parameters) {
        for (ArgTemplate t : templates) {
            for (ParameterSpec p : parameters.values()) {
                if (t.startsWithPlaceholder(p.name()) && p instanceof ParameterSpec.OneOf o) {
                    o.values().stream().filter(v -> v.startsWith("-")).findFirst().ifPresent(v -> problems.add(
                            at + ".params." + p.name() + ".enum", EchoedText.quote(v) + " starts with \"-\" and"
                                    + " would be read as an option; options belong in argv itself"));
                }
            }
        }
    }

    /** The program {@code argv[0]} names, found on the child's PATH. */
    Optional<Path> executable(ArgTemplate program, String at, RunnerSettings settings) {
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
}
