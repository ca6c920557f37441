package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The held_command table: commands acknowledged while the engine was busy, until they have run. */
public final class HeldCommandStore {

    public void hold(Connection c, HeldCommand h) throws SQLException {
        Sql.update(c, "INSERT INTO held_command (platform, delivery_id, person_id, person_name, conversation_id, "
                        + "conversation_name, reply_handle, typed, received_at) VALUES (?,?,?,?,?,?,?,?,?) "
                        + "ON CONFLICT (platform, delivery_id) DO NOTHING", h.platform(), h.deliveryId(), h.personId(),
                h.personName(), h.conversationId(), h.conversationName(), h.replyHandle(), h.typed(),
                h.receivedAt().toEpochMilli());
    }

    public void release(Connection c, String platform, String deliveryId) throws SQLException {
        Sql.update(c, "DELETE FROM held_command WHERE platform = ? AND delivery_id = ?", platform, deliveryId);
    }

    /** Oldest first, the order they were received in. */
    public List<HeldCommand> all(Connection c) throws SQLException {
        return Sql.query(c, "SELECT platform, delivery_id, person_id, person_name, conversation_id, conversation_name, "
                        + "reply_handle, typed, received_at FROM held_command ORDER BY received_at",
                rs -> new HeldCommand(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        Instant.ofEpochMilli(rs.getLong(9))));
    }
}
