package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code incident_source} table: incidents an inbound integration declared, by that source's own key. */
public final class IncidentSourceStore {

    public void record(Connection c, String source, String externalKey, long incident) throws SQLException {
        Sql.update(c, "DELETE FROM incident_source WHERE source = ? AND external_key = ?", source, externalKey);
        Sql.update(c, "INSERT INTO incident_source (source, external_key, incident_id) VALUES (?,?,?)",
                source, externalKey, incident);
    }

    /** The incident recorded for the key, if it is still open. */
    public Optional<Long> findOpen(Connection c, String source, String externalKey) throws SQLException {
        return Sql.one(c, "SELECT s.incident_id FROM incident_source s JOIN incident i ON i.id = s.incident_id "
                + "WHERE s.source = ? AND s.external_key = ? AND i.status <> 'RESOLVED'", rs -> rs.getLong(1), source, externalKey);
    }
}
