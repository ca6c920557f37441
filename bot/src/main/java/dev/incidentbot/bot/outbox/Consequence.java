package dev.incidentbot.bot.outbox;

import java.sql.Connection;
import java.sql.SQLException;

/** What to store once a delivery succeeded, in the same transaction that marks the row delivered. */
@FunctionalInterface
interface Consequence {
    Consequence NOTHING = c -> { };

    void record(Connection c) throws SQLException;
}
