package dev.incidentbot.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outbox lanes a killed replica held, read from {@code outbox_lane_lease}: a replica renews its leases every
 * second, so the holder whose leases stopped moving after the kill is the dead one. Its lanes with messages still
 * pending must pass to the survivor when the lease runs out; the takeover time of a lane is its first delivery after
 * the kill, minus the kill.
 */
final class LaneTakeover {
    record Lease(String lane, String holder, long expiresAt) { }

    /** Per lane taken over: milliseconds from the kill to its first delivery; lanes never delivered are absent. */
    record Measured(int deadLanes, List<Double> takeoverMillis) { }

    private LaneTakeover() {
    }

    static List<Lease> leases(BenchDatabase db) {
        return db.rows("SELECT lane, holder, expires_at FROM outbox_lane_lease",
                rs -> new Lease(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }

    /**
     * The lanes with pending messages whose holder renewed none of its leases between {@code atKill} and {@code later}
     * (a couple of seconds after the kill).
     */
    static Set<String> deadLanes(BenchDatabase db, List<Lease> atKill, List<Lease> later) {
        Map<String, Long> before = new HashMap<>();
        atKill.forEach(l -> before.put(l.lane() + " " + l.holder(), l.expiresAt()));
        Set<String> renewing = new HashSet<>();
        for (Lease l : later) {
            Long was = before.get(l.lane() + " " + l.holder());
            if (was == null || l.expiresAt() > was) {
                renewing.add(l.holder());
            }
        }
        Set<String> pending = new HashSet<>(db.rows("SELECT DISTINCT lane FROM outbox WHERE delivered_at IS NULL "
                + "AND failed_at IS NULL", rs -> rs.getString(1)));
        Set<String> dead = new HashSet<>();
        for (Lease l : later) {
            if (!renewing.contains(l.holder()) && pending.contains(l.lane())) {
                dead.add(l.lane());
            }
        }
        return dead;
    }

    /** Whether every one of {@code lanes} has delivered a message since {@code killedAt}. */
    static Measured measure(BenchDatabase db, Set<String> lanes, long killedAt) {
        Map<String, Long> first = new HashMap<>();
        for (Object[] r : db.rows("SELECT lane, MIN(delivered_at) FROM outbox WHERE delivered_at > " + killedAt
                + " GROUP BY lane", rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
            first.put((String) r[0], (Long) r[1]);
        }
        List<Double> takeovers = new ArrayList<>();
        for (String lane : lanes) {
            Long at = first.get(lane);
            if (at != null) {
                takeovers.add((double) (at - killedAt));
            }
        }
        return new Measured(lanes.size(), takeovers);
    }
}
