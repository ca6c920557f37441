package dev.incidentbot.bot.outbox;

import dev.incidentbot.bot.core.BotActor;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.StoreException;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.chat.Person;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes what became of an outbox row: delivered, given up (on the timeline), to be retried, or set aside. */
final class OutboxRecords {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Person BOT = BotActor.PERSON;

    private final Database db;
    private final OutboxStore outbox;
    private final TimelineStore timeline = new TimelineStore();
    private final QuarantinedRows quarantined;
    private final Clock clock;
    private final OutboxDispatcher.DeliveryListener listener;

    OutboxRecords(Database db, OutboxStore outbox, Clock clock, OutboxDispatcher.DeliveryListener listener) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
        this.listener = listener;
        this.quarantined = new QuarantinedRows(db);
    }

    /** Mark {@code row} delivered with what its delivery produced; false if the database would not take it. */
    boolean delivered(OutboxRow row, Consequence after) {
        try {
            db.inTransaction(c -> {
                after.record(c);
                outbox.markDelivered(c, row.id(), clock.instant());
                return null;
            });
        } catch (StoreException e) {
            return false;
        }
        listener.delivered(row);
        return true;
    }

    /** The platform refused for good: the row fails and the incident's timeline says what was not delivered. */
    void gaveUp(OutboxRow row, DeliveryException.Permanent e) {
        quietly(row, () -> db.inTransaction(c -> {
            outbox.markFailed(c, row.id(), clock.instant(), e.getMessage());
            if (row.incident() != 0) {
                timeline.append(c, row.incident(), BOT, clock.instant(),
                        new TimelineEvent.DeliveryFailed(row.delivery().describe(), String.valueOf(e.getMessage())));
            }
            return null;
        }));
        listener.failed(row, e, true);
    }

    /** Tell the listener about a failure recorded otherwise (a row set aside). */
    void failed(OutboxRow row, DeliveryException.Permanent e) {
        listener.failed(row, e, true);
    }

    /** The row is tried again at {@code next}. */
    void retryAt(OutboxRow row, Instant next, DeliveryException.Retryable e) {
        quietly(row, () -> outbox.markRetry(row.id(), next, e.getMessage()));
        listener.failed(row, e, false);
    }

    /** Quarantine a row: recorded on the incident's timeline, counted, shown on /readyz; its lane moves on. */
    void setAside(long id, long incident, String reason, String what, String why) {
        log.warn("setting outbox {} aside ({}): {}", id, reason, why);
        try {
            db.inTransaction(c -> {
                quarantined.quarantine(c, id, reason, clock.instant(), why);
                if (incident != 0) {
                    timeline.append(c, incident, BOT, clock.instant(), new TimelineEvent.DeliveryFailed(what, why));
                }
                return null;
            });
        } catch (StoreException e) {
            log.debug("could not set outbox {} aside now: {}", id, e.getMessage());
        }
    }

    /** The database logs the fault (once a minute); the row stays pending and is tried again when writes work. */
    static void quietly(OutboxRow row, Runnable write) {
        try {
            write.run();
        } catch (StoreException e) {
            log.debug("could not record the outcome of outbox {}: {}", row.id(), e.getMessage());
        }
    }
}
