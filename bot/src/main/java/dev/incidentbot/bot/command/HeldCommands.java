package dev.incidentbot.bot.command;

import dev.incidentbot.bot.incident.Caller;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.HeldCommand;
import dev.incidentbot.bot.store.HeldCommandStore;
import dev.incidentbot.bot.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a command the engine could not finish within the acknowledgement window in the database until it has run, so
 * "received, will answer shortly" survives a crash: the next start runs what is left.
 */
final class HeldCommands {
    private static final Logger log = LoggerFactory.getLogger(HeldCommands.class);

    private final Database db;
    private final Clock clock;
    private final Duration within;
    private final HeldCommandStore store = new HeldCommandStore();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "held-commands");
        t.setDaemon(true);
        return t;
    });

    HeldCommands(Database db, Clock clock, Duration within) {
        this.db = db;
        this.clock = clock;
        this.within = within;
    }

    /**
     * Write the command down; true if it is on disk within {@code within}. It is released once it is written and
     * {@code ran} is over, in that order, so a command that finishes first never leaves a row behind.
     */
    boolean hold(Caller caller, String typed, CompletableFuture<?> ran) {
        HeldCommand h = new HeldCommand(caller.platform().name(), caller.deliveryId(), caller.person().id(),
                caller.person().displayName(), caller.conversation().id(), caller.conversation().name(),
                caller.reply().value(), typed, clock.instant());
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> db.inTransaction(c -> {
            store.hold(c, h);
            return null;
        }), writer);
        CompletableFuture.allOf(written, ran.handle((v, e) -> null))
                .whenComplete((v, e) -> release(h.platform(), h.deliveryId()));
        try {
            written.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void release(String platform, String deliveryId) {
        try {
            db.inTransaction(c -> {
                store.release(c, platform, deliveryId);
                return null;
            });
        } catch (StoreException e) {
            // Kept: the next start runs it again and recognises it by its delivery id.
            log.warn("could not release held command {} of {}: {}", deliveryId, platform, e.getMessage());
        }
    }

    /** Held commands received before {@code cutoff}, oldest first. */
    List<HeldCommand> receivedBefore(java.time.Instant cutoff) {
        return db.read(store::all).stream().filter(h -> h.receivedAt().isBefore(cutoff)).toList();
    }

    void close() {
        writer.shutdown();
    }
}
