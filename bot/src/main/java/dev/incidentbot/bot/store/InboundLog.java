package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Deliveries already processed (Slack event ids, Matrix event ids), so a platform's retry is handled once. */
public final class InboundLog {

    /**
     * Record {@code deliveryId}; false if it was already recorded. The primary key decides: when two replicas get
     * the same retry at once, PostgreSQL makes the second insert wait for the first's commit and then skip it.
     */
    public boolean firstTime(Connection c, String platform, String deliveryId, Instant at) throws SQLException {
        return Sql.update(c, "INSERT INTO processed_inbound (delivery_id, platform, processed_at) VALUES (?,?,?) "
                + "ON CONFLICT (platform, delivery_id) DO NOTHING", deliveryId, platform, at.toEpochMilli()) == 1;
    }
}
