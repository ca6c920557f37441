package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The {@code integration_call} and {@code external_ref} tables. */
public final class IntegrationCallStore {
    /** One call of an incident to an integration, by its idempotency key; bound as (incident, integration, key). */
    private static final String CALL = " WHERE incident_id = ? AND integration = ? AND idem_key = ?";
    /** One reference an integration stored for an incident; bound as (incident, integration, key). */
    private static final String REF = " WHERE incident_id = ? AND integration = ? AND ref_key = ?";

    /** Record that the incident asked for {@code key}; false if it already had (then nothing is enqueued). */
    public boolean firstCall(Connection c, long incident, String integration, String key, Instant now) throws SQLException {
        if (Sql.one(c, "SELECT 1 FROM integration_call" + CALL, rs -> true, incident, integration, key).isPresent()) {
            return false;
        }
        Sql.update(c, "INSERT INTO integration_call (incident_id, integration, idem_key, created_at) VALUES (?,?,?,?)",
                incident, integration, key, now.toEpochMilli());
        return true;
    }

    public void linkOutbox(Connection c, long incident, String integration, String key, long outboxId) throws SQLException {
        Sql.update(c, "UPDATE integration_call SET outbox_id = ?" + CALL, outboxId, incident, integration, key);
    }

    public Optional<String> findRef(Connection c, long incident, String integration, String key) throws SQLException {
        return Sql.one(c, "SELECT ref_value FROM external_ref" + REF, rs -> rs.getString(1), incident, integration, key);
    }

    /** The values every integration stored for the incident under {@code key} (e.g. an action item's issue URL). */
    public List<String> refsUnder(Connection c, long incident, String key) throws SQLException {
        return Sql.query(c, "SELECT ref_value FROM external_ref WHERE incident_id = ? AND ref_key = ? ORDER BY integration",
                rs -> rs.getString(1), incident, key);
    }

    /** Every key stored for the incident under {@code integration}. */
    public Set<String> refKeys(Connection c, long incident, String integration) throws SQLException {
        return new HashSet<>(Sql.query(c, "SELECT ref_key FROM external_ref WHERE incident_id = ? AND integration = ?",
                rs -> rs.getString(1), incident, integration));
    }

    /** Insert or replace. */
    public void storeRef(Connection c, long incident, String integration, String key, String value, Instant now) throws SQLException {
        Sql.update(c, "DELETE FROM external_ref" + REF, incident, integration, key);
        Sql.update(c, "INSERT INTO external_ref (incident_id, integration, ref_key, ref_value, created_at) VALUES (?,?,?,?,?)",
                incident, integration, key, value, now.toEpochMilli());
    }
}
