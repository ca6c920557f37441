package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code incident_source} table: incidents an inbound integration declared, by that source's own key. */
public final class IncidentSourceStore {

    public void record(Connection c, String source, String externalKey, long incident) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_source WHERE source = ? AND external_key = ?")) {
            ps.setString(1, source);
            ps.setString(2, externalKey);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO incident_source (source, external_key, incident_id) VALUES (?,?,?)")) {
            ps.setString(1, source);
            ps.setString(2, externalKey);
            ps.setLong(3, incident);
            ps.executeUpdate();
        }
    }

    /** The incident recorded for the key, if it is still open. */
    public Optional<Long> findOpen(Connection c, String source, String externalKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.incident_id FROM incident_source s JOIN incident i "
                + "ON i.id = s.incident_id WHERE s.source = ? AND s.external_key = ? AND i.status <> 'RESOLVED'")) {
            ps.setString(1, source);
            ps.setString(2, externalKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }
}
