package dev.incidentbot.bot.runner;

import java.util.List;

/** The {@code diagnostics:} and {@code runner:} sections, either ready to use or every problem found in them. */
public sealed interface ParsedDiagnostics permits ParsedDiagnostics.Valid, ParsedDiagnostics.Invalid {
    record Valid(RunnerSettings settings, DiagnosticCatalog catalog) implements ParsedDiagnostics {
    }

    /** One line per problem, each starting with the key at fault, e.g. {@code diagnostics.health.argv[0]: ...}. */
    record Invalid(List<String> problems) implements ParsedDiagnostics {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}
