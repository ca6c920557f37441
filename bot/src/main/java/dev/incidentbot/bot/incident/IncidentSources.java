package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.store.IncidentSourceStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Which open incident an inbound source's key belongs to ({@link IncidentSourceStore}), in one unit of work. */
public final class IncidentSources {
    private final IncidentSourceStore sources = new IncidentSourceStore();
    private final Connection c;

    IncidentSources(Connection c) {
        this.c = c;
    }

    public Optional<Long> findOpen(String source, String externalKey) throws SQLException {
        return sources.findOpen(c, source, externalKey);
    }

    public void record(String source, String externalKey, long incident) throws SQLException {
        sources.record(c, source, externalKey, incident);
    }
}
