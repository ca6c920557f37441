package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigPaths;
import dev.incidentbot.bot.integration.IntegrationCatalog;
import dev.incidentbot.bot.runner.DiagnosticsConfigParser;
import dev.incidentbot.bot.runner.ParsedDiagnostics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks of config sections owned by other capabilities (diagnostics, platforms), run with the main validation. */
final class ExtraChecks {
    private ExtraChecks() {
    }

    static List<String> run(BotConfig config) {
        List<String> problems = new ArrayList<>(ConfigPaths.problems(
                config.storageUrl().isEmpty() ? Optional.of(config.storagePath()) : Optional.empty(),
                config.templatesDir()));
        problems.addAll(PlatformSelection.problems(config));
        ParsedDiagnostics diagnostics = DiagnosticsConfigParser.parse(config.diagnostics(), config.runner());
        if (diagnostics instanceof ParsedDiagnostics.Invalid invalid) {
            problems.addAll(invalid.problems());
        }
        problems.addAll(IntegrationCatalog.installed().validate(config, System.getenv()));
        return problems;
    }
}
