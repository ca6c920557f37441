package dev.incidentbot.bot.store;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's database through one small shared pool, migrated by Flyway on open ({@link ConnectionPools}): the SQLite
 * file by default, or PostgreSQL for several replicas.
 *
 * <p>A write that fails tells the truth: a commit that reported an error is checked for its receipt, so a command is
 * never called failed when it landed; the connection that failed is evicted from the pool, so a full disk or an I/O
 * error does not leave broken connections behind once it is over; {@link #health()} says why writes fail meanwhile.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final Vendor vendor;
    private final String description;
    private final PageCap cap;
    private final WriteFaults faults = new WriteFaults();

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
        Vendor vendor = target instanceof StorageTarget.Postgres ? Vendor.POSTGRESQL : Vendor.SQLITE;
        return new Database(ConnectionPools.openMigrated(target, vendor), vendor, target.describe(), cap);
    }

    /**
     * Connect once without migrating, for check-config: empty if the database answers, else the one-line reason.
     * A SQLite file is created on first start, so there is nothing to probe.
     */
    public static Optional<String> probe(StorageTarget target) {
        return target instanceof StorageTarget.Postgres pg ? ConnectionPools.probe(pg) : Optional.empty();
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
        return faults.health();
    }

    /**
     * Run {@code work} in one transaction: committed if it returns, rolled back if it throws. A {@link StoreException}
     * says whether the write certainly left nothing behind; when COMMIT itself reports an error, the transaction's
     * receipt decides (sqlite-jdbc begins the next transaction inside {@code commit()}, which can fail after a commit
     * that landed).
     */
    public <T> T inTransaction(Work<T> work) {
        String receipt = WriteReceipts.newToken();
        Connection c = checkOut();
        boolean broken = false;
        try {
            T result;
            try {
                c.setAutoCommit(false);
                result = work.run(c);
                WriteReceipts.write(c, receipt);
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
            faults.succeeded();
            return result;
        } catch (SQLException e) {
            broken = true;
            throw faults.failed(e, true);
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
            landed = read(c -> WriteReceipts.landed(c, receipt));
        } catch (StoreException unknown) {
            throw faults.failed(error, false);
        }
        if (landed) {
            faults.landedDespite(error);
            return result;
        }
        throw faults.failed(error, true);
    }

    private Connection checkOut() {
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw faults.failed(e, true);
        }
        OptionalLong pages = cap.pages();
        if (pages.isPresent()) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA max_page_count = " + pages.getAsLong());
            } catch (SQLException e) {
                release(c, true);
                throw faults.failed(e, true);
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
