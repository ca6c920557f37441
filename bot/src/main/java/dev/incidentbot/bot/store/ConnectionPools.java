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
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool for each kind of database, migrated by Flyway before use. SQLite's settings are the ones that keep it free
 * of SQLITE_BUSY with Quartz and the dispatcher writing at once: WAL, synchronous=NORMAL, a long busy timeout, and
 * IMMEDIATE transactions so writers queue for the lock up front instead of failing on upgrade.
 */
final class ConnectionPools {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private ConnectionPools() {
    }

    /** A migrated pool for {@code target}; throws {@link DatabaseUnavailable} with a one-line reason if not possible. */
    static HikariDataSource openMigrated(StorageTarget target, Vendor vendor) {
        HikariConfig hc = target instanceof StorageTarget.Postgres pg ? postgres(pg)
                : sqlite(((StorageTarget.Sqlite) target).file());
        hc.setPoolName("incident-bot");
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
        return pool;
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

    /** Connect once without migrating: empty if the database answers, else the one-line reason. */
    static Optional<String> probe(StorageTarget.Postgres pg) {
        Properties props = new Properties();
        pg.user().ifPresent(u -> props.setProperty("user", u));
        pg.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        try (Connection c = DriverManager.getConnection(pg.url(), props)) {
            return c.isValid(5) ? Optional.empty() : Optional.of("cannot reach the database at " + pg.describe());
        } catch (SQLException e) {
            return Optional.of("cannot connect to the database at " + pg.describe() + ": " + rootMessage(e));
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
}
