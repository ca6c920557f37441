package dev.incidentbot.bot.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One allowlisted diagnostic, validated: argv[0] is a literal resolved to an absolute executable at load time, every
 * placeholder names a declared parameter and every parameter fills exactly one argv element.
 *
 * @param executable   argv[0] resolved on {@code runner.path}; what actually runs, whatever PATH says later
 * @param environment  names of the bot's environment variables passed through (besides PATH and LANG)
 * @param network      under bubblewrap, whether the sandbox shares the host network
 * @param readable     extra paths bound read-only into a bubblewrap sandbox (ignored without isolation)
 */
public record DiagnosticDefinition(String name, String description, List<ArgTemplate> argv, Path executable,
                                   Map<String, ParameterSpec> parameters, Duration timeout, Approval approval,
                                   List<String> environment, boolean network, long outputCapBytes,
                                   List<Path> readable) {
    public DiagnosticDefinition {
        argv = List.copyOf(argv);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        environment = List.copyOf(environment);
        readable = List.copyOf(readable);
    }

    /** The executable as configured (e.g. {@code curl}), shown in chat. */
    public String program() {
        return argv.get(0).source();
    }

    /** One line for {@code /incident diagnostics}: {@code health [port=4242]} or {@code logs file=<a|b>}. */
    public String usage() {
        StringBuilder sb = new StringBuilder(name);
        for (ParameterSpec p : parameters.values()) {
            String shape = p instanceof ParameterSpec.OneOf o ? "<" + String.join("|", o.values()) + ">" : "<value>";
            if (p.defaultValue().isPresent()) {
                sb.append(" [").append(p.name()).append('=').append(p.defaultValue().get()).append(']');
            } else {
                sb.append(' ').append(p.name()).append('=').append(shape);
            }
        }
        return sb.toString();
    }

    /** One line per parameter, e.g. {@code port: must match ^[0-9]{2,5}$ (default 4242)}. */
    public List<String> parameterHelp() {
        List<String> lines = new ArrayList<>();
        for (ParameterSpec p : parameters.values()) {
            lines.add(p.name() + ": " + p.accepts() + p.defaultValue().map(d -> " (default " + d + ")").orElse(""));
        }
        return lines;
    }
}
