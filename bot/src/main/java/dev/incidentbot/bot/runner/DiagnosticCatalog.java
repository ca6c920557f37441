package dev.incidentbot.bot.runner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The allowlist, and the only way to a {@link PreparedCommand}: every value is checked for length, invisible
 * characters and then its pattern or enum before it is placed into the one argv element that names it.
 */
public final class DiagnosticCatalog {
    /** Checked before any pattern, so a hostile pattern-free value never reaches a regex engine at length. */
    public static final int MAX_VALUE_LENGTH = 256;

    private final Map<String, DiagnosticDefinition> byName;

    public DiagnosticCatalog(List<DiagnosticDefinition> diagnostics) {
        Map<String, DiagnosticDefinition> map = new LinkedHashMap<>();
        for (DiagnosticDefinition d : diagnostics) {
            map.put(d.name(), d);
        }
        this.byName = java.util.Collections.unmodifiableMap(map);
    }

    /** In configuration order, for {@code /incident diagnostics}. */
    public List<DiagnosticDefinition> all() {
        return List.copyOf(byName.values());
    }

    public Optional<DiagnosticDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Checks {@code run <name> [param=value ...]}. {@code arguments} are the tokens after the name as the command
     * parser split them; a bare value is accepted for a diagnostic with exactly one parameter.
     */
    public Preparation prepare(String name, List<String> arguments) {
        DiagnosticDefinition d = byName.get(name);
        if (d == null) {
            return refuse("unknown diagnostic " + EchoedText.quote(name) + "; try /incident diagnostics");
        }
        Map<String, String> given = new HashMap<>();
        for (String token : arguments) {
            int eq = token.indexOf('=');
            String key;
            String value;
            if (eq < 0 && d.parameters().size() == 1) {
                key = d.parameters().keySet().iterator().next();
                value = token;
            } else if (eq < 0) {
                return refuse("expected param=value, got " + EchoedText.quote(token) + "; " + takes(d));
            } else {
                key = token.substring(0, eq);
                value = token.substring(eq + 1);
            }
            if (!d.parameters().containsKey(key)) {
                return refuse("unknown parameter " + EchoedText.quote(key) + "; " + takes(d));
            }
            // checked here, so in "port=8080; rm -rf /" the bad value is named, not the bare words after it
            Optional<String> problem = check(d, d.parameters().get(key), value);
            if (problem.isPresent()) {
                return refuse(problem.get());
            }
            if (given.putIfAbsent(key, value) != null) {
                return refuse(key + ": given twice");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ParameterSpec p : d.parameters().values()) {
            Optional<String> value = Optional.ofNullable(given.get(p.name())).or(p::defaultValue);
            if (value.isEmpty()) {
                return refuse(p.name() + ": missing; " + p.accepts());
            }
            Optional<String> problem = check(d, p, value.get());
            if (problem.isPresent()) {
                return refuse(problem.get());
            }
            values.put(p.name(), value.get());
        }
        List<String> argv = new ArrayList<>();
        argv.add(d.program());
        for (int i = 1; i < d.argv().size(); i++) {
            argv.add(d.argv().get(i).render(values));
        }
        return new Preparation.Ready(new PreparedCommand(d, argv, values));
    }

    private static Optional<String> check(DiagnosticDefinition d, ParameterSpec p, String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            return Optional.of(p.name() + ": too long (" + value.length() + " characters, at most "
                    + MAX_VALUE_LENGTH + "); " + p.accepts());
        }
        if (value.codePoints().anyMatch(EchoedText::isInvisible)) {
            return Optional.of(p.name() + ": control or invisible characters are not allowed (got "
                    + EchoedText.quote(value) + "); " + p.accepts());
        }
        if (!p.admits(value)) {
            return Optional.of(p.name() + ": " + p.accepts() + " (got " + EchoedText.quote(value) + ")");
        }
        if (value.startsWith("-") && fillsElementStart(d, p.name())) {
            // a leading dash would turn the value into an option of the program (curl -o..., find -delete)
            return Optional.of(p.name() + ": may not start with \"-\" (got " + EchoedText.quote(value) + ")");
        }
        return Optional.empty();
    }

    private static boolean fillsElementStart(DiagnosticDefinition d, String parameter) {
        return d.argv().stream().anyMatch(t -> t.startsWithPlaceholder(parameter));
    }

    private static String takes(DiagnosticDefinition d) {
        return d.parameters().isEmpty() ? d.name() + " takes no parameters"
                : d.name() + " takes " + String.join(", ", d.parameters().keySet());
    }

    private static Preparation refuse(String reason) {
        return new Preparation.Refused(reason);
    }
}
