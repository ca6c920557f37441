package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC conveniences shared by the stores: bind parameters in order, map rows. */
public final class Sql {
    private Sql() {
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        List<T> rows = query(c, sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * A new id for {@code table}. SQLite has one writer at a time, so the next after the largest is free; on
     * PostgreSQL replicas write at once, so ids come from the table's sequence (V6) and never collide.
     */
    public static long nextId(Connection c, String table) throws SQLException {
        if (Vendor.of(c) == Vendor.POSTGRESQL) {
            return one(c, "SELECT nextval('" + table + "_id_seq')", rs -> rs.getLong(1)).orElseThrow();
        }
        return one(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM " + table, rs -> rs.getLong(1)).orElse(1L);
    }

    /**
     * " FOR UPDATE" on PostgreSQL, where two replicas may change one incident at once and the second must wait for
     * the first's commit; nothing on SQLite, whose IMMEDIATE transactions already run one at a time.
     */
    static String forUpdate(Connection c) throws SQLException {
        return Vendor.of(c) == Vendor.POSTGRESQL ? " FOR UPDATE" : "";
    }

    /** A nullable BIGINT column as Optional. */
    static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (p instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }
}
