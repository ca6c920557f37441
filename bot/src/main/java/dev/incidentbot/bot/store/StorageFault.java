package dev.incidentbot.bot.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Why the database cannot be written, as a person can act on it; classified from SQLite's result codes and
 * PostgreSQL's SQLSTATEs.
 */
public enum StorageFault {
    DISK_FULL("the disk is full", "try again when space is freed"),
    IO_ERROR("the disk reported an I/O error", "try again in a moment; if it persists, check the disk"),
    READ_ONLY("the database is read-only", "try again once it is writable"),
    LOCKED("the database stayed locked by another writer too long", "try again in a moment"),
    UNREACHABLE("the database server cannot be reached", "try again in a moment"),
    OTHER("the database reported an error", "try again in a moment; the error is in the bot's log");

    // SQLite primary result codes (the low byte of an extended code): https://www.sqlite.org/rescode.html
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;

    // PostgreSQL SQLSTATEs: https://www.postgresql.org/docs/current/errcodes-appendix.html
    private static final String PG_DISK_FULL = "53100";
    private static final String PG_IO_ERROR = "58030";
    private static final String PG_READ_ONLY_TRANSACTION = "25006";

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
                Optional<StorageFault> known = byState(s).or(() -> byCode(s.getErrorCode() & 0xff));
                if (known.isPresent()) {
                    return known.get();
                }
            }
        }
        return OTHER;
    }

    private static Optional<StorageFault> byState(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException) {
            return Optional.of(UNREACHABLE); // also the pool's "connection is not available" after its timeout
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals(PG_DISK_FULL)) {
            return Optional.of(DISK_FULL);
        }
        if (state.equals(PG_IO_ERROR)) {
            return Optional.of(IO_ERROR);
        }
        if (state.equals(PG_READ_ONLY_TRANSACTION)) {
            return Optional.of(READ_ONLY); // e.g. connected to a standby after a failover
        }
        // 08: connection exceptions; 57P0x: the server is shutting down or starting; 53300: too many connections.
        if (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300")) {
            return Optional.of(UNREACHABLE);
        }
        // 55P03 lock_not_available, 40P01 deadlock_detected, 40001 serialization_failure.
        if (state.equals("55P03") || state.equals("40P01") || state.equals("40001")) {
            return Optional.of(LOCKED);
        }
        return Optional.empty();
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
