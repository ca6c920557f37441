package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.config.ConfigLoader;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "check-config", mixinStandardHelpOptions = true, description = "Validate the configuration and templates, then exit.")
public final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() {
        Optional<Configured> loaded = Configured.loadReportingProblems(common);
        if (loaded.isEmpty()) {
            return Configured.EXIT_INVALID;
        }
        Configured configured = loaded.get();
        dev.incidentbot.bot.store.StorageTarget storage;
        try {
            storage = configured.storage();
        } catch (IllegalArgumentException e) {
            System.err.println("incident-bot: " + e.getMessage());
            return Configured.EXIT_INVALID;
        }
        Optional<String> unreachable = dev.incidentbot.bot.store.Database.probe(storage);
        if (unreachable.isPresent()) {
            System.err.println("incident-bot: " + unreachable.get());
            return Configured.EXIT_INVALID;
        }
        System.out.println("Configuration OK: " + configured.config().severities().size() + " severities ("
                + String.join(", ", configured.config().severities().stream().map(s -> s.key()).toList())
                + "), database " + storage.describe() + ", templates " + configured.config().templatesDir());
        ConfigLoader.warnings(configured.config()).forEach(w -> System.out.println("Warning: " + w));
        PlatformSelection.warnings(configured.config(), System.getenv()).forEach(w -> System.out.println("Warning: " + w));
        return 0;
    }
}
