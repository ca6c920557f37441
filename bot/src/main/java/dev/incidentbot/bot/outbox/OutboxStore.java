package dev.incidentbot.bot.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The outbox table: written inside use-case transactions, drained by the dispatcher. */
public final class OutboxStore {
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Database db;

    public OutboxStore(Database db) {
        this.db = db;
    }

    public static String laneOf(long incident) {
        return "incident-" + incident;
    }

    /** Add a row in the caller's transaction. */
    public long enqueue(Connection c, String lane, String platform, long incident, Delivery delivery, Instant now) throws SQLException {
        long id = Sql.nextId(c, "outbox");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (id, lane, platform, incident_id, payload, "
                + "created_at, attempts, next_attempt_at) VALUES (?,?,?,?,?,?,0,?)")) {
            ps.setLong(1, id);
            ps.setString(2, lane);
            ps.setString(3, platform);
            if (incident == 0) {
                ps.setNull(4, java.sql.Types.BIGINT);
            } else {
                ps.setLong(4, incident);
            }
            ps.setString(5, encode(delivery));
            ps.setLong(6, now.toEpochMilli());
            ps.setLong(7, now.toEpochMilli());
            ps.executeUpdate();
        }
        return id;
    }

    /** A pending row whose payload this version cannot read (written by a newer version, or damaged). */
    public record UnreadableRow(long id, String lane, long incident, String error) { }

    /**
     * The first pending row of each lane, if it is due and its lane is not {@code busy}: the work that may start now
     * without overtaking anything in its lane.
     */
    public List<OutboxRow> dueHeads(Instant now, Collection<String> busy, int limit) {
        return dueHeads(now, busy, limit, unreadable -> {
            throw new IllegalStateException("unreadable outbox row " + unreadable.id() + ": " + unreadable.error());
        });
    }

    /** As above; a head that cannot be decoded goes to {@code unreadable} instead, so it never stops other lanes. */
    public List<OutboxRow> dueHeads(Instant now, Collection<String> busy, int limit, Consumer<UnreadableRow> unreadable) {
        List<UnreadableRow> bad = new ArrayList<>();
        List<OutboxRow> due = db.read(c -> {
            List<OutboxRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.lane, o.platform, o.incident_id, o.payload, o.attempts "
                    + "FROM outbox o JOIN (SELECT lane, MIN(id) AS head FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL "
                    + "GROUP BY lane) h ON o.id = h.head WHERE o.next_attempt_at <= ? ORDER BY o.id")) {
                ps.setLong(1, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && out.size() < limit) {
                        if (busy.contains(rs.getString(2))) {
                            continue;
                        }
                        Delivery delivery;
                        try {
                            delivery = decode(rs.getString(5));
                        } catch (IllegalStateException e) {
                            bad.add(new UnreadableRow(rs.getLong(1), rs.getString(2), rs.getLong(4), e.getMessage()));
                            continue;
                        }
                        out.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                delivery, rs.getInt(6)));
                    }
                }
            }
            return out;
        });
        bad.forEach(unreadable);
        return due;
    }

    /** Why the incident's conversation could not be created, if its creation failed for good. */
    public Optional<String> creationFailure(Connection c, long incident) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_error FROM outbox WHERE incident_id = ? "
                + "AND failed_at IS NOT NULL AND payload LIKE '{\"kind\":\"create_conversation\"%' ORDER BY id LIMIT 1")) {
            ps.setLong(1, incident);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Optional.ofNullable(rs.getString(1)).orElse("unknown error")) : Optional.empty();
            }
        }
    }

    public long quarantinedCount() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE quarantined IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Make every backed-off row of {@code platform} due at {@code at}: the platform answers again. */
    public int wakeWaiting(String platform, Instant at) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET next_attempt_at = ? WHERE platform = ? "
                    + "AND delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at > ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, platform);
                ps.setLong(3, at.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    /** The pending rows of {@code lane} in order, up to the first that is not due yet, at most {@code limit}. */
    public List<OutboxRow> dueInLane(String lane, Instant now, int limit) {
        return db.read(c -> {
            List<OutboxRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, lane, platform, incident_id, payload, attempts, "
                    + "next_attempt_at FROM outbox WHERE lane = ? AND delivered_at IS NULL AND failed_at IS NULL "
                    + "ORDER BY id LIMIT ?")) {
                ps.setString(1, lane);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && rs.getLong(7) <= now.toEpochMilli()) {
                        out.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                decode(rs.getString(5)), rs.getInt(6)));
                    }
                }
            }
            return out;
        });
    }

    /** When the earliest pending row is due, if any row is pending. */
    public Optional<Instant> nextDue() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MIN(next_attempt_at) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(v));
            }
        });
    }

    public long pendingCount() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Rows pending for these platforms only (rows for a platform not running now cannot drain). */
    public long pendingCount(Collection<String> platforms) {
        return db.read(c -> {
            long n = 0;
            for (String platform : platforms) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND platform = ?")) {
                    ps.setString(1, platform);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        n += rs.getLong(1);
                    }
                }
            }
            return n;
        });
    }

    public void markDelivered(Connection c, long id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /**
     * Record that a try at row {@code id} begins, before anything is sent: if this cannot be written, nothing is sent.
     * True when an earlier try began and was never recorded as done, so it may have landed.
     */
    public boolean markStarted(long id, Instant at) {
        return markStarted(List.of(id), at).contains(id);
    }

    /** Mark the rows' attempts as begun, in one write; those an earlier attempt had already begun (it may have landed). */
    public Set<Long> markStarted(List<Long> ids, Instant at) {
        return db.inTransaction(c -> {
            Set<Long> earlier = new HashSet<>();
            for (long id : ids) {
                try (PreparedStatement ps = c.prepareStatement("SELECT attempt_started_at FROM outbox WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getObject(1) != null) {
                            earlier.add(id);
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET attempt_started_at = ? WHERE id = ?")) {
                    ps.setLong(1, at.toEpochMilli());
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
            }
            return earlier;
        });
    }

    public void markRetry(long id, Instant nextAttempt, String error) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?")) {
                ps.setLong(1, nextAttempt.toEpochMilli());
                ps.setString(2, truncate(error));
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
    }

    public void markFailed(Connection c, long id, Instant at, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET failed_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, truncate(error));
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    static String encode(Delivery d) {
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Delivery decode(String json) {
        try {
            return JSON.readValue(json, Delivery.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable outbox row: " + e.getOriginalMessage(), e);
        }
    }

    static String truncate(String s) {
        String v = s == null ? "" : s;
        return v.length() > 2000 ? v.substring(0, 2000) : v;
    }
}
