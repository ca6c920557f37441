package dev.incidentbot.bot.store;

import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the outcome of each write means for the bot's health: a failure is classified ({@link StorageFault}), recorded
 * in {@link StorageHealth} and logged once a minute with a count; the first success after failures says so.
 */
final class WriteFaults {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final StorageHealth health = new StorageHealth();
    private final RepeatedErrorLog faults = new RepeatedErrorLog(log, Duration.ofMinutes(1));

    StorageHealth health() {
        return health;
    }

    /** {@code outcomeKnown}: whether the write certainly left nothing behind. */
    StoreException failed(SQLException e, boolean outcomeKnown) {
        StoreException failure = new StoreException(e, outcomeKnown);
        health.failed(failure.fault());
        faults.error(failure.fault().name(), "database write failed: " + failure.fault().cause(), e);
        return failure;
    }

    void succeeded() {
        health.failing().ifPresent(f -> {
            log.info("database writes work again after {}", f.fault().cause());
            faults.cleared(f.fault().name());
        });
        health.succeeded();
    }

    /** A COMMIT that reported an error although its receipt is there. */
    void landedDespite(SQLException error) {
        log.warn("COMMIT reported an error after the transaction was recorded: {}", error.getMessage());
        succeeded();
    }
}
