package dev.incidentbot.bot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The bot's database through one small shared pool, migrated by Flyway on open: the SQLite file by default, or
 * PostgreSQL for several replicas. SQLite's settings are the ones that keep it free of SQLITE_BUSY with Quartz and
 * the dispatcher writing at once: WAL, synchronous=NORMAL, a long busy timeout, and IMMEDIATE transactions so writers
 * queue for the lock up front instead of failing on upgrade.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Vendor vendor;
    private final String description;

    private Database(HikariDataSource pool, Vendor vendor, String description) {
        this.pool = pool;
        this.vendor = vendor;
        this.description = description;
    }

    public static Database open(Path file) {
        return open(new StorageTarget.Sqlite(file));
    }

    /** Open and migrate; throws {@link DatabaseUnavailable} with a one-line reason if that is not possible. */
    public static Database open(StorageTarget target) {
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
        } catch (RuntimeException e) {
            pool.close();
            throw new DatabaseUnavailable("cannot migrate the database at " + target.describe() + ": " + rootMessage(e), e);
        }
        return new Database(pool, vendor, target.describe());
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

    /** Run {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Read-only access outside a write transaction. */
    public <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
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
