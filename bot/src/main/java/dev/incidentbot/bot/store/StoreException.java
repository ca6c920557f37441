package dev.incidentbot.bot.store;

import java.sql.SQLException;

/**
 * A database failure the caller cannot handle locally: what went wrong ({@link #fault()}) and whether the write it
 * interrupted certainly left nothing behind ({@link #outcomeKnown()} false means it may have committed).
 */
public final class StoreException extends RuntimeException {
    private final StorageFault fault;
    private final boolean outcomeKnown;

    public StoreException(SQLException cause) {
        this(cause, true);
    }

    public StoreException(SQLException cause, boolean outcomeKnown) {
        super(cause.getMessage(), cause);
        this.fault = StorageFault.of(cause);
        this.outcomeKnown = outcomeKnown;
    }

    public StorageFault fault() {
        return fault;
    }

    public boolean outcomeKnown() {
        return outcomeKnown;
    }

    /** The answer for the person whose command this failure stopped; true in both outcomes. */
    public String answer() {
        String head = "The bot cannot write to its database: " + fault.cause() + ". ";
        return outcomeKnown ? head + "Nothing was recorded; " + fault.advice() + "."
                : head + "It could not tell whether this was recorded: check /incident timeline before trying again.";
    }
}
