package dev.incidentbot.bot.cli;

import dev.incidentbot.bot.incident.Incident;
import dev.incidentbot.bot.incident.IncidentId;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.IncidentStore;
import java.util.Optional;

/** Finds the incident a command-line argument names, with one clear line when it cannot. */
final class IncidentReader {
    private IncidentReader() {
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
