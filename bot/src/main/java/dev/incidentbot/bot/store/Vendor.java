package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The two databases the stores speak to; SQL differs only where a method asks which one it is. */
public enum Vendor {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String migrations;

    Vendor(String migrations) {
        this.migrations = migrations;
    }

    /** The Flyway location holding this database's own migrations (beside the common ones). */
    public String migrationLocation() {
        return "classpath:db/migration/" + migrations;
    }

    public static Vendor of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("postgres") ? POSTGRESQL : SQLITE;
    }
}
