package dev.incidentbot.bot.store;

import java.sql.SQLException;
import java.util.Optional;

/** Why the database cannot be written, as a person can act on it; classified from SQLite's result codes. */
public enum StorageFault {
    DISK_FULL("the disk is full", "try again when space is freed"),
    IO_ERROR("the disk reported an I/O error", "try again in a moment; if it persists, check the disk"),
    READ_ONLY("its database file is read-only", "try again once the file is writable"),
    LOCKED("the database stayed locked by another writer too long", "try again in a moment"),
    OTHER("the database reported an error", "try again in a moment; the error is in the bot's log");

    // SQLite primary result codes (the low byte of an extended code): https://www.sqlite.org/rescode.html
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;

    private final String cause;
    private final String advice;

    StorageFault(String cause, String advice) {
        this.cause = cause;
        this.advice = advice;
    }

    /** "the disk is full" */
    public String cause() {
        return cause;
    }

    /** "try again when space is freed" */
    public String advice() {
        return advice;
    }

    /** The fault behind {@code e} (or an exception it wraps), if it is one the storage itself caused. */
    public static StorageFault of(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                Optional<StorageFault> known = byCode(s.getErrorCode() & 0xff);
                if (known.isPresent()) {
                    return known.get();
                }
            }
        }
        return OTHER;
    }

    private static Optional<StorageFault> byCode(int primary) {
        return switch (primary) {
            case SQLITE_FULL -> Optional.of(DISK_FULL);
            case SQLITE_IOERR -> Optional.of(IO_ERROR);
            case SQLITE_READONLY -> Optional.of(READ_ONLY);
            case SQLITE_BUSY, SQLITE_LOCKED -> Optional.of(LOCKED);
            default -> Optional.empty();
        };
    }
}
