package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.DatabaseCopy;
import dev.incidentbot.bot.store.DatabaseUnavailable;
import dev.incidentbot.bot.store.StorageTarget;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Move a bot's SQLite file into an empty PostgreSQL database, to run replicas on it. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copy every incident, timeline, outbox row and reminder from the SQLite file into an empty PostgreSQL database.")
public final class MigrateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--to", required = true, paramLabel = "JDBC-URL",
            description = "The PostgreSQL database, e.g. jdbc:postgresql://db:5432/incidents (user and password from "
                    + "INCIDENT_BOT_STORAGE_USER / INCIDENT_BOT_STORAGE_PASSWORD or the URL).")
    String to;

    @Override
    public Integer call() {
        Optional<Configured> loaded = Configured.loadReportingProblems(common);
        if (loaded.isEmpty()) {
            return Configured.EXIT_INVALID;
        }
        if (!StorageTarget.Postgres.isPostgresUrl(to)) {
            System.err.println("incident-bot migrate: --to expects a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://db.example:5432/incidents");
            return Configured.EXIT_INVALID;
        }
        java.nio.file.Path file = loaded.get().config().storagePath();
        if (!Files.isRegularFile(file)) {
            System.err.println("No database at " + file + "; has the bot run with this --data-dir or --config?");
            return 1;
        }
        Map<String, String> env = System.getenv();
        StorageTarget.Postgres target = new StorageTarget.Postgres(to,
                Optional.ofNullable(env.get(StorageSelection.USER_VARIABLE)).filter(s -> !s.isBlank()),
                Optional.ofNullable(env.get(StorageSelection.PASSWORD_VARIABLE)).filter(s -> !s.isBlank()));
        try (Database from = Database.open(new StorageTarget.Sqlite(file)); Database into = Database.open(target)) {
            Map<String, Long> copied = DatabaseCopy.copy(from, into);
            System.out.println("Copied " + copied.get("incident") + " incidents, " + copied.get("timeline_event")
                    + " timeline events, " + copied.get("outbox") + " outbox rows and " + copied.get("reminder_state")
                    + " reminder states from " + file + " into " + target.describe()
                    + ". Run the replicas with " + StorageSelection.URL_VARIABLE + "=" + target.describe()
                    + "; they plan the reminders again when they start.");
            return 0;
        } catch (DatabaseUnavailable | IllegalStateException e) {
            System.err.println("incident-bot migrate: " + e.getMessage());
            return Configured.EXIT_INVALID;
        }
    }
}
