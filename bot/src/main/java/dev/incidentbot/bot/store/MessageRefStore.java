package dev.incidentbot.bot.store;

import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.MessageRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Messages the bot posted and must find again (the pinned initial message), by incident and key. */
public final class MessageRefStore {

    public void save(Connection c, long incident, String key, MessageRef ref) throws SQLException {
        Sql.update(c, "DELETE FROM message_ref WHERE incident_id = ? AND ref_key = ?", incident, key);
        Sql.update(c, "INSERT INTO message_ref (incident_id, ref_key, conversation_id, conversation_name, message_id) "
                + "VALUES (?,?,?,?,?)", incident, key, ref.conversation().id(), ref.conversation().name(), ref.id());
    }

    public Optional<MessageRef> find(Connection c, long incident, String key) throws SQLException {
        return Sql.one(c, "SELECT conversation_id, conversation_name, message_id FROM message_ref "
                        + "WHERE incident_id = ? AND ref_key = ?",
                rs -> new MessageRef(new ConversationRef(rs.getString(1), rs.getString(2)), rs.getString(3)),
                incident, key);
    }
}
