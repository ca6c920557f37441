package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Deliveries already processed (Slack event ids, Matrix event ids), so a platform's retry is handled once. */
public final class InboundLog {

    /** Record {@code deliveryId}; false if it was already recorded. */
    public boolean firstTime(Connection c, String platform, String deliveryId, Instant at) throws SQLException {
        boolean seen = Sql.one(c, "SELECT 1 FROM processed_inbound WHERE platform = ? AND delivery_id = ?",
                rs -> 1, platform, deliveryId).isPresent();
        if (seen) {
            return false;
        }
        Sql.update(c, "INSERT INTO processed_inbound (delivery_id, platform, processed_at) VALUES (?,?,?)",
                deliveryId, platform, at.toEpochMilli());
        return true;
    }
}
