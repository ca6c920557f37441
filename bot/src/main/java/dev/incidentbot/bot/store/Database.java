package dev.incidentbot.bot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's database through one small shared pool, migrated by Flyway on open: the SQLite file by default, or
 * PostgreSQL for several replicas. SQLite's settings are the ones that keep it free of SQLITE_BUSY with Quartz and
 * the dispatcher writing at once: WAL, synchronous=NORMAL, a long busy timeout, and IMMEDIATE transactions so writers
 * queue for the lock up front instead of failing on upgrade.
 *
 * <p>A write that fails tells the truth: a commit that reported an error is checked for its receipt, so a command is
 * never called failed when it landed; the connection that failed is evicted from the pool, so a full disk or an I/O
 * error does not leave broken connections behind once it is over; {@link #health()} says why writes fail meanwhile.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final Duration KEEP_RECEIPTS = Duration.ofMinutes(5);

    private final HikariDataSource pool;
    private final Vendor vendor;
    private final String description;
    private final PageCap cap;
    private final StorageHealth health = new StorageHealth();
    private final RepeatedErrorLog faults = new RepeatedErrorLog(log, Duration.ofMinutes(1));

    private Database(HikariDataSource pool, Vendor vendor, String description, PageCap cap) {
        this.pool = pool;
        this.vendor = vendor;
        this.description = description;
        this.cap = cap;
    }

    public static Database open(Path file) {
        return open(new StorageTarget.Sqlite(file));
    }

    /** Open a SQLite file with a page cap: tests fill the "disk" with it. */
    public static Database open(Path file, PageCap cap) {
        return open(new StorageTarget.Sqlite(file), cap);
    }

    public static Database open(StorageTarget target) {
        return open(target, PageCap.none());
    }

    /** Open and migrate; throws {@link DatabaseUnavailable} with a one-line reason if that is not possible. */
    public static Database open(StorageTarget target, PageCap cap) {
        HikariConfig hc = target instanceof StorageTarget.Postgres pg ? postgres(pg)
                : sqlite(((StorageTarget.Sqlite) target).file());
        hc.setPoolName("incident-bot");
        Vendor vendor = target instanceof StorageTarget.Postgres ? Vendor.POSTGRESQL : Vendor.SQLITE;
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailable("cannot connect to the database at " + target.describe() + ": "
                    + rootMessage(e), e);
        }
        try {
            // Quartz's DDL and id allocation differ per database; everything else is shared.
            Flyway.configure().dataSource(pool).locations("classpath:db/migration/common", vendor.migrationLocation())
                    .load().migrate();
            if (vendor == Vendor.SQLITE) {
                checkpoint(pool);
            }
        } catch (RuntimeException e) {
            pool.close();
            throw new DatabaseUnavailable("cannot migrate the database at " + target.describe() + ": " + rootMessage(e), e);
        }
        return new Database(pool, vendor, target.describe(), cap);
    }

    /**
     * Move the migrations out of the write-ahead log into the file: they leave about 600 KB of WAL behind, which SQLite
     * would only fold back at 4 MB, so a small disk would be filled by the bot itself.
     */
    private static void checkpoint(DataSource pool) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            log.warn("could not fold the write-ahead log into the database file after migrating: {}", e.getMessage());
        }
    }

    /**
     * Connect once without migrating, for check-config: empty if the database answers, else the one-line reason.
     * A SQLite file is created on first start, so there is nothing to probe.
     */
    public static Optional<String> probe(StorageTarget target) {
        if (!(target instanceof StorageTarget.Postgres pg)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        pg.user().ifPresent(u -> props.setProperty("user", u));
        pg.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        try (Connection c = DriverManager.getConnection(pg.url(), props)) {
            return c.isValid(5) ? Optional.empty() : Optional.of("cannot reach the database at " + target.describe());
        } catch (SQLException e) {
            return Optional.of("cannot connect to the database at " + target.describe() + ": " + rootMessage(e));
        }
    }

    private static HikariConfig sqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory for " + file, e);
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(1);
        hc.addDataSourceProperty("journal_mode", "WAL");
        hc.addDataSourceProperty("synchronous", "NORMAL");
        hc.addDataSourceProperty("busy_timeout", "10000");
        hc.addDataSourceProperty("foreign_keys", "true");
        hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        hc.addDataSourceProperty("date_class", "INTEGER");
        return hc;
    }

    private static HikariConfig postgres(StorageTarget.Postgres pg) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.url());
        pg.user().ifPresent(hc::setUsername);
        pg.password().ifPresent(hc::setPassword);
        // Commands, the dispatcher's workers, Quartz and the leases each hold a connection for a short while.
        hc.setMaximumPoolSize(10);
        hc.setMinimumIdle(2);
        // Fail start-up within seconds when the server is unreachable, instead of Hikari's 30 s.
        hc.setConnectionTimeout(5000);
        hc.setInitializationFailTimeout(5000);
        hc.addDataSourceProperty("connectTimeout", "5");
        hc.addDataSourceProperty("ApplicationName", "incident-bot");
        return hc;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        int newline = m.indexOf('\n');
        return (newline < 0 ? m : m.substring(0, newline)).strip();
    }

    /** The file or the URL without credentials, for logs and answers. */
    public String describe() {
        return description;
    }

    public Vendor vendor() {
        return vendor;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Whether writes reach the database now, and if not why. */
    public StorageHealth health() {
        return health;
    }

    /**
     * Run {@code work} in one transaction: committed if it returns, rolled back if it throws. A {@link StoreException}
     * says whether the write certainly left nothing behind; when COMMIT itself reports an error, the transaction's
     * receipt decides (sqlite-jdbc begins the next transaction inside {@code commit()}, which can fail after a commit
     * that landed).
     */
    public <T> T inTransaction(Work<T> work) {
        // Time-ordered, so receipts append to the end of their table rather than land in random pages.
        String receipt = String.format("%013x-%s", System.currentTimeMillis(), UUID.randomUUID());
        Connection c = checkOut();
        boolean broken = false;
        try {
            T result;
            try {
                c.setAutoCommit(false);
                result = work.run(c);
                writeReceipt(c, receipt);
            } catch (RuntimeException | SQLException e) {
                broken = e instanceof SQLException;
                rollbackQuietly(c, e);
                throw e;
            }
            try {
                c.commit();
            } catch (SQLException e) {
                broken = true;
                return afterFailedCommit(receipt, result, e);
            }
            succeeded();
            return result;
        } catch (SQLException e) {
            broken = true;
            throw failed(e, true);
        } finally {
            release(c, broken);
        }
    }

    /** Read-only access outside a write transaction. */
    public <T> T read(Work<T> work) {
        Connection c = checkOut();
        boolean broken = false;
        try {
            return work.run(c);
        } catch (SQLException e) {
            broken = true;
            throw new StoreException(e);
        } finally {
            release(c, broken);
        }
    }

    /** Try a small write: clears {@link #health()} once the fault is over. */
    public boolean probeWrite() {
        try {
            inTransaction(c -> null);
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    private <T> T afterFailedCommit(String receipt, T result, SQLException error) {
        boolean landed;
        try {
            landed = read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM write_receipt WHERE token = ?")) {
                    ps.setString(1, receipt);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1) > 0;
                    }
                }
            });
        } catch (StoreException unknown) {
            throw failed(error, false);
        }
        if (landed) {
            log.warn("COMMIT reported an error after the transaction was recorded: {}", error.getMessage());
            succeeded();
            return result;
        }
        throw failed(error, true);
    }

    private StoreException failed(SQLException e, boolean outcomeKnown) {
        StoreException failure = new StoreException(e, outcomeKnown);
        health.failed(failure.fault());
        faults.error(failure.fault().name(), "database write failed: " + failure.fault().cause(), e);
        return failure;
    }

    private void succeeded() {
        health.failing().ifPresent(f -> {
            log.info("database writes work again after {}", f.fault().cause());
            faults.cleared(f.fault().name());
        });
        health.succeeded();
    }

    private static void writeReceipt(Connection c, String token) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM write_receipt WHERE at < ?")) {
            ps.setLong(1, now - KEEP_RECEIPTS.toMillis());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO write_receipt (token, at) VALUES (?, ?)")) {
            ps.setString(1, token);
            ps.setLong(2, now);
            ps.executeUpdate();
        }
    }

    private Connection checkOut() {
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw failed(e, true);
        }
        OptionalLong pages = cap.pages();
        if (pages.isPresent()) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA max_page_count = " + pages.getAsLong());
            } catch (SQLException e) {
                release(c, true);
                throw failed(e, true);
            }
        }
        return c;
    }

    /** Back to the pool, or out of it: a connection that failed may be mid-transaction in SQLite's eyes. */
    private void release(Connection c, boolean broken) {
        try {
            if (broken) {
                // Evicting closes it (Hikari must not reset and reuse it), so it is not closed again here.
                pool.evictConnection(c);
            } else {
                c.close();
            }
        } catch (SQLException | RuntimeException e) {
            // Never let giving a connection back hide what the caller is told (the commit's outcome or its fault).
            log.debug("giving back a connection failed", e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // SQLite rolls back by itself on SQLITE_FULL and some I/O errors; "no transaction is active" then is expected.
            cause.addSuppressed(e);
        }
    }

    public boolean isReachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
