package dev.incidentbot.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads from the database the bot replicas write, through plain JDBC: the bench never opens it the bot's way (that
 * would take SQLite's one-writer lock, and run Flyway).
 */
record BenchDatabase(String url, Properties properties) {

    static BenchDatabase sqlite(java.nio.file.Path file) {
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        return new BenchDatabase("jdbc:sqlite:" + file.toAbsolutePath(), p);
    }

    static BenchDatabase postgres(String url) {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return new BenchDatabase(url, p);
    }

    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Every row of {@code sql}, each mapped by {@code reader}. */
    <T> List<T> rows(String sql, RowReader<T> reader) {
        try (Connection c = DriverManager.getConnection(url, properties);
             PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(reader.read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long count(String sql) {
        return rows(sql, rs -> rs.getLong(1)).get(0);
    }
}
