package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.IncidentId;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.IncidentStore;
import java.util.Optional;

/** Finds the incident a command-line argument names, with one clear line when it cannot. */
final class IncidentReader {
    private IncidentReader() {
    }

    /** What a command-line tool does with one stored incident; returns the exit code. */
    @FunctionalInterface
    interface IncidentTask {
        int run(Configured configured, Database db, Incident incident) throws java.io.IOException;
    }

    /** Run {@code task} on the incident {@code id} names in the bot's existing database. */
    static int withIncident(CommonOptions options, String id, IncidentTask task) throws java.io.IOException {
        return Configured.withExistingDatabase(options, (configured, db) -> {
            Optional<Incident> incident = find(db, id);
            return incident.isEmpty() ? 1 : task.run(configured, db, incident.get());
        });
    }

    static Optional<Incident> find(Database db, String id) {
        Optional<Long> number = IncidentId.parse(id);
        if (number.isEmpty()) {
            System.err.println("\"" + id + "\" is not an incident id; write it like INC-7.");
            return Optional.empty();
        }
        Optional<Incident> incident = db.read(c -> new IncidentStore().find(c, number.get()));
        if (incident.isEmpty()) {
            System.err.println(IncidentId.format(number.get()) + " does not exist in this database; `incident-bot list` shows the incidents.");
        }
        return incident;
    }
}
