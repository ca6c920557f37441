package dev.incidentbot.bot.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every subcommand takes, so each can point at a running bot's data. */
public final class CommonOptions {
    public CommonOptions() {
    }

    static final Path DEFAULT_CONFIG = Path.of("config", "incident-bot.yaml");

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: config/incident-bot.yaml if present, else the bundled default).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the SQLite file (overrides storage.path's directory).")
    Path dataDir;

    Optional<Path> configFile() {
        if (config != null) {
            return Optional.of(config);
        }
        return Files.isRegularFile(DEFAULT_CONFIG) ? Optional.of(DEFAULT_CONFIG) : Optional.empty();
    }
}
