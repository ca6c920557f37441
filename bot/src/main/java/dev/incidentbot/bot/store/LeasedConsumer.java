package dev.incidentbot.bot.store;

import dev.incidentbot.chat.ConsumerLease;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ConsumerLease} elected through PostgreSQL ({@code consumer_lease}): every replica tries to take or renew
 * the named lease every second; it goes to one of them, and a holder that stops renewing (dies) loses it when it
 * expires, so another replica consumes within {@code lease} + one second. Expiry is the database's clock; a holder
 * counts itself as holding only until its own last successful renewal plus the lease, less a margin, so two never
 * consume at once.
 */
public final class LeasedConsumer implements ConsumerLease, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeasedConsumer.class);
    private static final String DB_NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    private static final Duration RENEW_EVERY = Duration.ofSeconds(1);
    private static final Duration MARGIN = Duration.ofSeconds(1);
    /** The lease a consumer of a bot account's stream holds on PostgreSQL. */
    public static final Duration LEASE = Duration.ofSeconds(5);

    private final Database db;
    private final String name;
    private final String holder = UUID.randomUUID().toString();
    private final Duration lease;
    private final ScheduledExecutorService renewer;
    private volatile long heldUntilNanos = System.nanoTime();
    private volatile boolean held;

    private LeasedConsumer(Database db, String name, Duration lease) {
        this.db = db;
        this.name = name;
        this.lease = lease;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consumer-lease-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Start competing for {@code name} (e.g. "matrix"), renewing in the background until closed. */
    public static LeasedConsumer start(Database db, String name, Duration lease) {
        LeasedConsumer c = new LeasedConsumer(db, name, lease);
        c.tryHold();
        c.renewer.scheduleWithFixedDelay(c::tryHold, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return c;
    }

    /** The lease for {@code name}: elected on PostgreSQL, always held by SQLite's single process. */
    public static ConsumerLease forDatabase(Database db, String name, java.util.function.Consumer<AutoCloseable> closeWith) {
        if (db.vendor() != Vendor.POSTGRESQL) {
            return ConsumerLease.ALWAYS;
        }
        LeasedConsumer c = start(db, name, LEASE);
        closeWith.accept(c);
        return c;
    }

    @Override
    public boolean held() {
        return held && System.nanoTime() - heldUntilNanos < 0;
    }

    private void tryHold() {
        long asked = System.nanoTime();
        try {
            int rows = db.inTransaction(c -> {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO consumer_lease (name, holder, expires_at) "
                        + "VALUES (?, ?, " + DB_NOW + " + ?) ON CONFLICT (name) DO NOTHING")) {
                    insert.setString(1, name);
                    insert.setString(2, holder);
                    insert.setLong(3, lease.toMillis());
                    if (insert.executeUpdate() == 1) {
                        return 1;
                    }
                }
                try (PreparedStatement take = c.prepareStatement("UPDATE consumer_lease SET holder = ?, expires_at = "
                        + DB_NOW + " + ? WHERE name = ? AND (holder = ? OR expires_at < " + DB_NOW + ")")) {
                    take.setString(1, holder);
                    take.setLong(2, lease.toMillis());
                    take.setString(3, name);
                    take.setString(4, holder);
                    return take.executeUpdate();
                }
            });
            boolean before = held;
            if (rows == 1) {
                heldUntilNanos = asked + lease.minus(MARGIN).toNanos();
                held = true;
            } else {
                held = false;
            }
            if (before != held) {
                log.info("{} consumer lease {}", name, held ? "taken: this replica consumes" : "lost: another replica consumes");
            }
        } catch (RuntimeException e) {
            // Unrenewed, the lease runs out by itself (held() checks the time), so nobody consumes twice.
            log.warn("cannot renew the {} consumer lease: {}", name, e.getMessage());
        }
    }

    /** Stop renewing without handing the lease back, as a killed process does (for drills and tests). */
    void abandon() {
        renewer.shutdownNow();
        held = false;
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        held = false;
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM consumer_lease WHERE name = ? AND holder = ?")) {
                    ps.setString(1, name);
                    ps.setString(2, holder);
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            log.warn("could not hand back the {} consumer lease; it runs out by itself: {}", name, e.getMessage());
        }
    }
}
