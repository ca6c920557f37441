package dev.incidentbot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.sqlite.SQLiteConfig;

/**
 * The limit for engine throughput: single-row INSERT transactions through sqlite-jdbc, one after another, with the
 * bot's own settings (WAL, synchronous=NORMAL, busy_timeout, IMMEDIATE transactions) on a file beside the bot's.
 */
public final class RawSqliteCommits {
    private RawSqliteCommits() {
    }

    /** Commits per second over {@code duration}. */
    public static double run(Path file, Duration duration) throws Exception {
        Files.deleteIfExists(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE event (id INTEGER PRIMARY KEY, incident_id BIGINT NOT NULL, "
                        + "occurred_at BIGINT NOT NULL, payload TEXT NOT NULL)");
            }
            return commitLoop(c, "event", duration);
        } catch (SQLException e) {
            throw new IllegalStateException("raw sqlite commits failed: " + e.getMessage(), e);
        }
    }

    /** One single-row INSERT per transaction into {@code table} for {@code duration}; commits per second. */
    static double commitLoop(Connection c, String table, Duration duration) throws SQLException {
        c.setAutoCommit(false);
        String payload = "{\"text\":\"checked the dashboards, error rate back to normal after the rollback\"}";
        long end = System.nanoTime() + duration.toNanos();
        long commits = 0;
        long start = System.nanoTime();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO " + table + " (incident_id, occurred_at, payload) VALUES (?, ?, ?)")) {
            while (System.nanoTime() < end) {
                insert.setLong(1, commits % 100);
                insert.setLong(2, System.currentTimeMillis());
                insert.setString(3, payload);
                insert.executeUpdate();
                c.commit();
                commits++;
            }
        }
        return commits / ((System.nanoTime() - start) / 1e9);
    }
}
