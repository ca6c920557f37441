package dev.incidentbot.bot.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.bot.timeline.HashChain;
import dev.incidentbot.bot.timeline.TimelineEntry;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Person;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The append-only, hash-chained timeline. */
public final class TimelineStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TimelineEntry append(Connection c, long incident, Person actor, Instant at, TimelineEvent event) throws SQLException {
        // Two replicas appending to one chain: the incident's row lock orders them, so each links to the other's hash.
        String lock = Sql.forUpdate(c);
        if (!lock.isEmpty()) {
            Sql.one(c, "SELECT id FROM incident WHERE id = ?" + lock, rs -> 1, incident);
        }
        Optional<Object[]> last = Sql.one(c, "SELECT seq, hash FROM timeline_event WHERE incident_id = ? ORDER BY seq DESC LIMIT 1",
                rs -> new Object[] {rs.getInt(1), rs.getString(2)}, incident);
        int seq = last.map(r -> (Integer) r[0] + 1).orElse(1);
        String prev = last.map(r -> (String) r[1]).orElse(HashChain.GENESIS);
        String type = typeName(event);
        String payload = payload(event);
        String hash = HashChain.hash(prev, incident, seq, type, actor.id(), actor.displayName(), at.toEpochMilli(), payload);
        Sql.update(c, "INSERT INTO timeline_event (incident_id, seq, type, actor_id, actor_name, occurred_at, payload, "
                        + "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)",
                incident, seq, type, actor.id(), actor.displayName(), at.toEpochMilli(), payload, prev, hash);
        return new TimelineEntry(incident, seq, type, actor, at, payload, prev, hash);
    }

    /** Stream every event of {@code incident} in order, without holding them all in memory. */
    public void forEach(Connection c, long incident, Consumer<TimelineEntry> consumer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM timeline_event WHERE incident_id = ? ORDER BY seq")) {
            ps.setLong(1, incident);
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(map(rs));
                }
            }
        }
    }

    public List<TimelineEntry> last(Connection c, long incident, int count) throws SQLException {
        List<TimelineEntry> rows = Sql.query(c, "SELECT * FROM timeline_event WHERE incident_id = ? ORDER BY seq DESC LIMIT ?",
                TimelineStore::map, incident, count);
        java.util.Collections.reverse(rows);
        return rows;
    }

    public int count(Connection c, long incident, String type) throws SQLException {
        return Sql.one(c, "SELECT COUNT(*) FROM timeline_event WHERE incident_id = ? AND type = ?",
                rs -> rs.getInt(1), incident, type).orElse(0);
    }

    public static TimelineEvent decode(TimelineEntry e) {
        try {
            Class<?> type = typeClass(e.type());
            return (TimelineEvent) JSON.readValue(e.payload(), type);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("unreadable timeline event " + e.incident() + "/" + e.seq(), ex);
        }
    }

    public static String typeName(TimelineEvent event) {
        for (com.fasterxml.jackson.annotation.JsonSubTypes.Type t
                : TimelineEvent.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value()) {
            if (t.value() == event.getClass()) {
                return t.name();
            }
        }
        throw new IllegalArgumentException("unregistered timeline event " + event.getClass());
    }

    private static Class<?> typeClass(String name) {
        for (com.fasterxml.jackson.annotation.JsonSubTypes.Type t
                : TimelineEvent.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value()) {
            if (t.name().equals(name)) {
                return t.value();
            }
        }
        throw new IllegalArgumentException("unknown timeline event type " + name);
    }

    private static String payload(TimelineEvent event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TimelineEntry map(ResultSet rs) throws SQLException {
        return new TimelineEntry(rs.getLong("incident_id"), rs.getInt("seq"), rs.getString("type"),
                new Person(rs.getString("actor_id"), rs.getString("actor_name")),
                Instant.ofEpochMilli(rs.getLong("occurred_at")), rs.getString("payload"), rs.getString("prev_hash"),
                rs.getString("hash"));
    }
}
