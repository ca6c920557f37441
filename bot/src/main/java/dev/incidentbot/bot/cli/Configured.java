package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigException;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.template.TemplateRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A configuration that passed every check, with the templates it names. */
public record Configured(BotConfig config, TemplateRenderer templates) {

    /** Load and check everything; throws {@link ConfigException} listing every problem found. */
    public static Configured load(CommonOptions options) {
        BotConfig config = ConfigLoader.load(options.configFile(),
                c -> concat(TemplateRenderer.load(c.templatesDir()).problems(), ExtraChecks.run(c)));
        if (options.dataDir != null) {
            config = config.withStoragePath(options.dataDir.resolve(config.storagePath().getFileName()));
        }
        return new Configured(config, TemplateRenderer.load(config.templatesDir()).renderer().orElseThrow());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Exit code for an invalid configuration or a usage error. */
    public static final int EXIT_INVALID = 2;

    /** The checked configuration, or empty after printing every problem (the caller exits with {@link #EXIT_INVALID}). */
    public static java.util.Optional<Configured> loadReportingProblems(CommonOptions options) {
        try {
            return java.util.Optional.of(load(options));
        } catch (ConfigException e) {
            System.err.println("incident-bot: invalid configuration:");
            e.problems().forEach(p -> System.err.println("  " + p));
            return java.util.Optional.empty();
        }
    }

    /** The database the configuration and the environment select (SQLite file or PostgreSQL). */
    public dev.incidentbot.bot.store.StorageTarget storage() {
        return StorageSelection.choose(config, System.getenv());
    }

    /** Open (and migrate) the selected database; empty after printing one line saying why not. */
    public java.util.Optional<dev.incidentbot.bot.store.Database> openDatabase() {
        try {
            return java.util.Optional.of(dev.incidentbot.bot.store.Database.open(storage()));
        } catch (IllegalArgumentException | dev.incidentbot.bot.store.DatabaseUnavailable e) {
            System.err.println("incident-bot: " + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** The database of a bot that has run before; empty (after saying so) if there is none. */
    public java.util.Optional<dev.incidentbot.bot.store.Database> openExistingDatabase() {
        if (storage() instanceof dev.incidentbot.bot.store.StorageTarget.Sqlite
                && !java.nio.file.Files.isRegularFile(config.storagePath())) {
            System.err.println("No database at " + config.storagePath() + "; has the bot run with this --data-dir or --config?");
            return java.util.Optional.empty();
        }
        return openDatabase();
    }

    /** What a command-line tool does with a bot's existing database; returns the exit code. */
    @FunctionalInterface
    public interface DatabaseTask {
        int run(Configured configured, dev.incidentbot.bot.store.Database db) throws java.io.IOException;
    }

    /** Load the configuration, open the existing database and run {@code task}; one clear line for what is missing. */
    public static int withExistingDatabase(CommonOptions options, DatabaseTask task) throws java.io.IOException {
        java.util.Optional<Configured> loaded = loadReportingProblems(options);
        if (loaded.isEmpty()) {
            return EXIT_INVALID;
        }
        java.util.Optional<dev.incidentbot.bot.store.Database> opened = loaded.get().openExistingDatabase();
        if (opened.isEmpty()) {
            return 1;
        }
        try (dev.incidentbot.bot.store.Database db = opened.get()) {
            return task.run(loaded.get(), db);
        }
    }

    public static Configured load(Path config) {
        CommonOptions o = new CommonOptions();
        o.config = config;
        return load(o);
    }
}
