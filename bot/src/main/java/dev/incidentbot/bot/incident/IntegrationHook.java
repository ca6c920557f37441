package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.integration.IncidentSignal;
import java.sql.SQLException;

/** Where the use cases tell the integrations what happened, inside their transaction. */
public interface IntegrationHook {
    IntegrationHook NONE = (tx, incident, signal) -> 0;

    /** Let every integration react to {@code signal}; returns how many calls they asked for (drills included). */
    int signal(UnitOfWork tx, Incident incident, IncidentSignal signal) throws SQLException;
}
