package dev.incidentbot.bot.testing;

import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.timeline.TimelineEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What a test reads straight from a running bot's database, to check what the bot recorded. */
public final class DatabaseProbe {
    private DatabaseProbe() {
    }

    @FunctionalInterface
    public interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** One value per row of {@code sql}, its parameters bound in order. */
    public static <T> List<T> rows(Database db, String sql, Column<T> column, Object... params) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(column.read(rs));
                    }
                }
                return out;
            }
        });
    }

    /** The number a {@code SELECT COUNT(*) ...} answers. */
    public static long count(Database db, String sql, Object... params) {
        return rows(db, sql, rs -> rs.getLong(1), params).get(0);
    }

    /** The incident's timeline entries, in order. */
    public static List<TimelineEntry> timeline(Database db, long incident) {
        List<TimelineEntry> out = new ArrayList<>();
        db.read(c -> {
            new TimelineStore().forEach(c, incident, out::add);
            return null;
        });
        return out;
    }
}
