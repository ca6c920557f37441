package dev.incidentbot.bot.outbox;

import dev.incidentbot.bot.store.Database;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbox lanes leased in PostgreSQL ({@code outbox_lane_lease}): a replica claims a lane with a row lock
 * ({@code FOR UPDATE SKIP LOCKED}, so replicas never wait on each other's claims) and a lease it renews while it
 * lives; a lane whose holder stopped renewing is taken over once the lease has run out. Lease times are the
 * database's clock, so the replicas' clocks need not agree. A lane with nothing pending is let go.
 */
public final class LeasedLanes implements LaneClaims {
    private static final Logger log = LoggerFactory.getLogger(LeasedLanes.class);
    private static final String DB_NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    private static final long UPKEEP_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final Database db;
    private final String holder;
    private final long leaseMillis;
    private long lastUpkeep = System.nanoTime() - UPKEEP_EVERY_NANOS;

    public LeasedLanes(Database db, String holder, Duration lease) {
        this.db = db;
        this.holder = holder;
        this.leaseMillis = lease.toMillis();
    }

    @Override
    public synchronized List<OutboxRow> claim(List<OutboxRow> dueHeads) {
        if (System.nanoTime() - lastUpkeep >= UPKEEP_EVERY_NANOS) {
            upkeep();
            lastUpkeep = System.nanoTime();
        }
        if (dueHeads.isEmpty()) {
            return List.of();
        }
        Set<String> lanes = new HashSet<>();
        Long[] ids = new Long[dueHeads.size()];
        for (int i = 0; i < ids.length; i++) {
            lanes.add(dueHeads.get(i).lane());
            ids[i] = dueHeads.get(i).id();
        }
        return db.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO outbox_lane_lease (lane, holder, expires_at) "
                    + "VALUES (?, ?, " + DB_NOW + " + ?) ON CONFLICT (lane) DO NOTHING")) {
                for (String lane : lanes) {
                    insert.setString(1, lane);
                    insert.setString(2, holder);
                    insert.setLong(3, leaseMillis);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            Set<String> mine = new HashSet<>();
            Array wanted = c.createArrayOf("varchar", lanes.toArray());
            try (PreparedStatement select = c.prepareStatement("SELECT lane FROM outbox_lane_lease WHERE lane = ANY (?) "
                    + "AND (holder = ? OR expires_at < " + DB_NOW + ") FOR UPDATE SKIP LOCKED")) {
                select.setArray(1, wanted);
                select.setString(2, holder);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        mine.add(rs.getString(1));
                    }
                }
            }
            if (!mine.isEmpty()) {
                try (PreparedStatement take = c.prepareStatement("UPDATE outbox_lane_lease SET holder = ?, expires_at = "
                        + DB_NOW + " + ? WHERE lane = ANY (?)")) {
                    take.setString(1, holder);
                    take.setLong(2, leaseMillis);
                    take.setArray(3, c.createArrayOf("varchar", mine.toArray()));
                    take.executeUpdate();
                }
            }
            Set<Long> stillPending = new HashSet<>();
            try (PreparedStatement pending = c.prepareStatement("SELECT id FROM outbox WHERE id = ANY (?) "
                    + "AND delivered_at IS NULL AND failed_at IS NULL")) {
                pending.setArray(1, c.createArrayOf("bigint", ids));
                try (ResultSet rs = pending.executeQuery()) {
                    while (rs.next()) {
                        stillPending.add(rs.getLong(1));
                    }
                }
            }
            List<OutboxRow> out = new ArrayList<>();
            for (OutboxRow row : dueHeads) {
                if (mine.contains(row.lane()) && stillPending.contains(row.id())) {
                    out.add(row);
                }
            }
            return out;
        });
    }

    /** Renew every lane held (also those waiting out a backoff) and let go of lanes with nothing pending. */
    private void upkeep() {
        try {
            db.inTransaction(c -> {
                renew(c);
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox_lane_lease WHERE holder = ? AND NOT EXISTS "
                        + "(SELECT 1 FROM outbox o WHERE o.lane = outbox_lane_lease.lane AND o.delivered_at IS NULL "
                        + "AND o.failed_at IS NULL)")) {
                    ps.setString(1, holder);
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            log.warn("could not renew outbox lane leases: {}", e.getMessage());
        }
    }

    private void renew(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox_lane_lease SET expires_at = " + DB_NOW + " + ? WHERE holder = ?")) {
            ps.setLong(1, leaseMillis);
            ps.setString(2, holder);
            ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox_lane_lease WHERE holder = ?")) {
                    ps.setString(1, holder);
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            log.warn("could not hand back outbox lanes; they pass to another replica when their leases run out: {}", e.getMessage());
        }
    }
}
