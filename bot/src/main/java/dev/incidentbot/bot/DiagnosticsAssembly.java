package dev.incidentbot.bot;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.bot.runner.DiagnosticCommands;
import dev.incidentbot.bot.runner.DiagnosticRunner;
import dev.incidentbot.bot.runner.DiagnosticsConfigParser;
import dev.incidentbot.bot.runner.ParsedDiagnostics;
import dev.incidentbot.bot.runner.ProcessSandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The diagnostics runner wired to the engine: processes run in a sandbox that hides the bot's data directory (under
 * bubblewrap) and report back through the engine.
 */
record DiagnosticsAssembly(DiagnosticCommands commands, ProcessSandbox sandbox, DiagnosticRunner runner) {
    private static final Logger log = LoggerFactory.getLogger(Application.class);

    /** Built from the validated config and attached to {@code service}. */
    static DiagnosticsAssembly attach(BotConfig config, IncidentService service, Clock clock) {
        ParsedDiagnostics parsed = DiagnosticsConfigParser.parse(config.diagnostics(), config.runner());
        if (!(parsed instanceof ParsedDiagnostics.Valid valid)) {
            throw new IllegalStateException("diagnostics configuration was not validated before start-up");
        }
        valid.unavailable().forEach(u -> log.warn("diagnostic unavailable on this host: {}", u));
        DiagnosticCommands commands = new DiagnosticCommands(service, valid.catalog(), valid.settings(), valid.unavailable());
        Path dataDir = config.storagePath().toAbsolutePath().getParent();
        ProcessSandbox sandbox = new ProcessSandbox(valid.settings(), System.getenv(),
                dataDir == null ? List.of() : List.of(dataDir),
                Path.of(System.getProperty("java.io.tmpdir")), clock);
        DiagnosticRunner runner = new DiagnosticRunner(valid.settings(), sandbox, commands, clock);
        commands.attach(runner);
        service.setDiagnostics(commands);
        return new DiagnosticsAssembly(commands, sandbox, runner);
    }
}
