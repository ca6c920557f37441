package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies the engine's tables from one database into an empty other one (SQLite to PostgreSQL when a team moves up to
 * replicas), in one transaction on the target: all or nothing. Values are copied as stored, so timeline hashes still
 * verify. Quartz's triggers are not copied: they are derived from incidents and {@code reminder_state}, and the bot
 * plans them again when it starts. Leases are not copied: they belong to running processes.
 */
public final class DatabaseCopy {
    /** Parents before children, so foreign keys hold at every insert. */
    public static final List<String> TABLES = List.of("incident", "participant", "timeline_event", "outbox",
            "message_ref", "action_item", "processed_inbound", "platform_state", "reminder_state", "diagnostic_run",
            "integration_call", "external_ref", "incident_source", "held_command");
    private static final List<String> WITH_IDS = List.of("incident", "outbox", "diagnostic_run");

    private DatabaseCopy() {
    }

    /** Rows per table in {@code db}, in {@link #TABLES} order. */
    public static Map<String, Long> counts(Database db) {
        return db.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String table : TABLES) {
                out.put(table, Sql.one(c, "SELECT COUNT(*) FROM " + table, rs -> rs.getLong(1)).orElse(0L));
            }
            return out;
        });
    }

    /** Copy every row of {@link #TABLES}; returns rows copied per table. The target must be empty. */
    public static Map<String, Long> copy(Database from, Database to) {
        long already = counts(to).values().stream().mapToLong(Long::longValue).sum();
        if (already > 0) {
            throw new IllegalStateException("the target database is not empty (" + counts(to).get("incident")
                    + " incidents, " + already + " rows in all); migrate copies into an empty database only");
        }
        return from.read(source -> to.inTransaction(target -> {
            Map<String, Long> copied = new LinkedHashMap<>();
            for (String table : TABLES) {
                copied.put(table, copyTable(source, target, table));
            }
            if (Vendor.of(target) == Vendor.POSTGRESQL) {
                for (String table : WITH_IDS) {
                    Sql.one(target, "SELECT setval('" + table + "_id_seq', COALESCE((SELECT MAX(id) FROM " + table
                            + "), 0) + 1, false)", rs -> 1);
                }
            }
            return copied;
        }));
    }

    private static long copyTable(Connection source, Connection target, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        try (PreparedStatement ps = target.prepareStatement("SELECT * FROM " + table + " WHERE 1 = 0");
             ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnName(i));
                types.add(md.getColumnType(i));
            }
        }
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        long n = 0;
        try (PreparedStatement read = source.prepareStatement("SELECT " + String.join(", ", columns) + " FROM " + table);
             ResultSet rs = read.executeQuery();
             PreparedStatement write = target.prepareStatement(insert)) {
            while (rs.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    bind(rs, i + 1, write, types.get(i));
                }
                write.addBatch();
                if (++n % 500 == 0) {
                    write.executeBatch();
                }
            }
            write.executeBatch();
        }
        return n;
    }

    /** Read the source column as the target column's type (SQLite keeps booleans as 0/1, PostgreSQL does not). */
    private static void bind(ResultSet rs, int i, PreparedStatement write, int type) throws SQLException {
        switch (type) {
            case Types.BOOLEAN, Types.BIT -> {
                boolean v = rs.getBoolean(i);
                if (rs.wasNull()) {
                    write.setNull(i, type);
                } else {
                    write.setBoolean(i, v);
                }
            }
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> {
                long v = rs.getLong(i);
                if (rs.wasNull()) {
                    write.setNull(i, type);
                } else if (type == Types.BIGINT) {
                    write.setLong(i, v);
                } else {
                    write.setInt(i, (int) v);
                }
            }
            default -> {
                String v = rs.getString(i);
                if (v == null) {
                    write.setNull(i, type);
                } else {
                    write.setString(i, v);
                }
            }
        }
    }
}
