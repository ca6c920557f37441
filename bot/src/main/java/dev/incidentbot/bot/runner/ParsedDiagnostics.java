package dev.incidentbot.bot.runner;

import java.util.List;

/** The {@code diagnostics:} and {@code runner:} sections, either ready to use or every problem found in them. */
public sealed interface ParsedDiagnostics permits ParsedDiagnostics.Valid, ParsedDiagnostics.Invalid {
    /** {@code unavailable}: one line per configured diagnostic whose program is not installed on this host. */
    record Valid(RunnerSettings settings, DiagnosticCatalog catalog, List<String> unavailable) implements ParsedDiagnostics {
        public Valid {
            unavailable = List.copyOf(unavailable);
        }
    }

    /** One line per problem, each starting with the key at fault, e.g. {@code diagnostics.health.argv[0]: ...}. */
    record Invalid(List<String> problems) implements ParsedDiagnostics {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}
