package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/**
 * A row each write transaction adds before COMMIT, so that when COMMIT reports an error a fresh connection can tell
 * whether the transaction landed anyway. Receipts older than a few minutes are dropped as new ones are written.
 */
final class WriteReceipts {
    private static final Duration KEEP = Duration.ofMinutes(5);

    private WriteReceipts() {
    }

    /** A new token, time-ordered so receipts append to the end of their table rather than land in random pages. */
    static String newToken() {
        return String.format("%013x-%s", System.currentTimeMillis(), UUID.randomUUID());
    }

    static void write(Connection c, String token) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM write_receipt WHERE at < ?")) {
            ps.setLong(1, now - KEEP.toMillis());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO write_receipt (token, at) VALUES (?, ?)")) {
            ps.setString(1, token);
            ps.setLong(2, now);
            ps.executeUpdate();
        }
    }

    static boolean landed(Connection c, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM write_receipt WHERE token = ?")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }
}
