package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.integration.IntegrationCatalog;
import dev.incidentbot.bot.runner.DiagnosticsConfigParser;
import dev.incidentbot.bot.runner.ParsedDiagnostics;
import java.util.ArrayList;
import java.util.List;

/** Checks of config sections owned by other capabilities (diagnostics, platforms), run with the main validation. */
final class ExtraChecks {
    private ExtraChecks() {
    }

    static List<String> run(BotConfig config) {
        List<String> problems = new ArrayList<>();
        problems.addAll(PlatformSelection.checkSlackSection(config.slack()));
        problems.addAll(PlatformSelection.checkMatrixSection(config.matrix()));
        ParsedDiagnostics diagnostics = DiagnosticsConfigParser.parse(config.diagnostics(), config.runner());
        if (diagnostics instanceof ParsedDiagnostics.Invalid invalid) {
            problems.addAll(invalid.problems());
        }
        problems.addAll(IntegrationCatalog.installed().validate(config, System.getenv()));
        return problems;
    }
}
