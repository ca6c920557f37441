package dev.incidentbot.drills;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What the bot recorded, read from its SQLite file beside the running process (WAL lets a reader in). */
final class Ledger {
    private final Path db;

    Ledger(Path dataDir) {
        this.db = dataDir.resolve("incident-bot.db");
    }

    long pendingDeliveries() {
        return count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL");
    }

    long incidents() {
        return count("SELECT COUNT(*) FROM incident");
    }

    long incidentsTitled(String title) {
        return count("SELECT COUNT(*) FROM incident WHERE title = '" + title.replace("'", "''") + "'");
    }

    /** Update events whose progress text contains {@code marker}. */
    long updatesMentioning(String marker) {
        return count("SELECT COUNT(*) FROM timeline_event WHERE type = 'update_posted' AND payload LIKE '%" + marker + "%'");
    }

    List<String> channelNames() {
        List<String> names = new ArrayList<>();
        query("SELECT conversation_name FROM incident ORDER BY id", rs -> names.add(rs.getString(1)));
        return names;
    }

    long delivered() {
        return count("SELECT COUNT(*) FROM incident WHERE conversation_id IS NOT NULL");
    }

    long count(String sql) {
        long[] n = new long[1];
        query(sql, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath() + "?open_mode=1");
             PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                row.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + db + ": " + e.getMessage(), e);
        }
    }
}
