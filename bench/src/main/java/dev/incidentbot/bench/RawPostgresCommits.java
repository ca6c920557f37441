package dev.incidentbot.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The limit for declares on PostgreSQL: single-row INSERT transactions through the PostgreSQL JDBC driver, one after
 * another on one connection, into a table of their own on the same server the replicas use (same settings).
 */
public final class RawPostgresCommits {
    private RawPostgresCommits() {
    }

    /** Commits per second over {@code duration}. */
    public static double run(String url, Duration duration) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS raw_commit_event");
                s.execute("CREATE TABLE raw_commit_event (id BIGSERIAL PRIMARY KEY, incident_id BIGINT NOT NULL, "
                        + "occurred_at BIGINT NOT NULL, payload TEXT NOT NULL)");
            }
            return RawSqliteCommits.commitLoop(c, "raw_commit_event", duration);
        } catch (SQLException e) {
            throw new IllegalStateException("raw PostgreSQL commits failed: " + e.getMessage(), e);
        }
    }
}
