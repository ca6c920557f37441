package dev.incidentbot.bot.store;

/** The database cannot be opened (unreachable, refused the login, or not migratable); the message is one line. */
public final class DatabaseUnavailable extends RuntimeException {
    public DatabaseUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
