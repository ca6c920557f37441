package dev.incidentbot.bot.runner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request that passed every check: the argv to run (argv[0] as configured; the sandbox runs
 * {@link DiagnosticDefinition#executable()}) and the parameter values it was built from, defaults included.
 */
public record PreparedCommand(DiagnosticDefinition diagnostic, List<String> argv, Map<String, String> arguments) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    public PreparedCommand {
        argv = List.copyOf(argv);
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /** The command line for display, quoted as a POSIX shell would need it; nothing ever runs it through a shell. */
    public String commandLine() {
        return displayLine(argv);
    }

    static String displayLine(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String arg : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
