package dev.incidentbot.bot.store;

import java.sql.SQLException;

/** A database failure the caller cannot handle locally. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
