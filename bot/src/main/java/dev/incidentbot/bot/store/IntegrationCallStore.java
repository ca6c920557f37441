package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The {@code integration_call} and {@code external_ref} tables. */
public final class IntegrationCallStore {

    /** Record that the incident asked for {@code key}; false if it already had (then nothing is enqueued). */
    public boolean firstCall(Connection c, long incident, String integration, String key, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM integration_call WHERE incident_id = ? AND integration = ? AND idem_key = ?")) {
            ps.setLong(1, incident);
            ps.setString(2, integration);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO integration_call (incident_id, integration, idem_key, created_at) VALUES (?,?,?,?)")) {
            ps.setLong(1, incident);
            ps.setString(2, integration);
            ps.setString(3, key);
            ps.setLong(4, now.toEpochMilli());
            ps.executeUpdate();
        }
        return true;
    }

    public void linkOutbox(Connection c, long incident, String integration, String key, long outboxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE integration_call SET outbox_id = ? WHERE incident_id = ? AND integration = ? AND idem_key = ?")) {
            ps.setLong(1, outboxId);
            ps.setLong(2, incident);
            ps.setString(3, integration);
            ps.setString(4, key);
            ps.executeUpdate();
        }
    }

    public Optional<String> findRef(Connection c, long incident, String integration, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ref_value FROM external_ref WHERE incident_id = ? AND integration = ? AND ref_key = ?")) {
            ps.setLong(1, incident);
            ps.setString(2, integration);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The values every integration stored for the incident under {@code key} (e.g. an action item's issue URL). */
    public java.util.List<String> refsUnder(Connection c, long incident, String key) throws SQLException {
        java.util.List<String> values = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ref_value FROM external_ref WHERE incident_id = ? AND ref_key = ? ORDER BY integration")) {
            ps.setLong(1, incident);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    /** Every key stored for the incident under {@code integration}. */
    public java.util.Set<String> refKeys(Connection c, long incident, String integration) throws SQLException {
        java.util.Set<String> keys = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ref_key FROM external_ref WHERE incident_id = ? AND integration = ?")) {
            ps.setLong(1, incident);
            ps.setString(2, integration);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    /** Insert or replace. */
    public void storeRef(Connection c, long incident, String integration, String key, String value, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM external_ref WHERE incident_id = ? AND integration = ? AND ref_key = ?")) {
            ps.setLong(1, incident);
            ps.setString(2, integration);
            ps.setString(3, key);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO external_ref (incident_id, integration, ref_key, ref_value, created_at) VALUES (?,?,?,?,?)")) {
            ps.setLong(1, incident);
            ps.setString(2, integration);
            ps.setString(3, key);
            ps.setString(4, value);
            ps.setLong(5, now.toEpochMilli());
            ps.executeUpdate();
        }
    }
}
