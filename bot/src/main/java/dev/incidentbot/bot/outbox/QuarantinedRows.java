package dev.incidentbot.bot.outbox;

import dev.incidentbot.bot.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;

/**
 * Rows set aside without being performed (unreadable, their platform not running, unexpected errors): failed, so they
 * never hold up their lane, and marked with why; those whose platform runs again are put back in line.
 */
final class QuarantinedRows {
    private final Database db;

    QuarantinedRows(Database db) {
        this.db = db;
    }

    /** Set row {@code id} aside for {@code reason}: it stops holding up its lane and is counted as quarantined. */
    void quarantine(Connection c, long id, String reason, Instant at, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox SET failed_at = ?, quarantined = ?, last_error = ? WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, reason);
            ps.setString(3, OutboxStore.truncate(error));
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** Rows set aside because their platform was not running go back in line once it runs. Returns how many. */
    int release(String reason, Collection<String> platforms, Instant now) {
        return db.inTransaction(c -> {
            int n = 0;
            for (String platform : platforms) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET failed_at = NULL, quarantined = NULL, "
                        + "next_attempt_at = ? WHERE quarantined = ? AND platform = ? AND delivered_at IS NULL")) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setString(2, reason);
                    ps.setString(3, platform);
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }
}
