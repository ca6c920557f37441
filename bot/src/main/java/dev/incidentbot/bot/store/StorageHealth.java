package dev.incidentbot.bot.store;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the last write reached the database, and if not why: /readyz shows it, and the outbox sends nothing while
 * it could not record the send. Any successful write clears it.
 */
public final class StorageHealth {
    /** A write failed for {@code fault} at {@code since} and none has succeeded after it. */
    public record Failing(StorageFault fault, Instant since) { }

    private final AtomicReference<Optional<Failing>> state = new AtomicReference<>(Optional.empty());

    public Optional<Failing> failing() {
        return state.get();
    }

    public boolean writable() {
        return state.get().isEmpty();
    }

    void failed(StorageFault fault) {
        state.updateAndGet(now -> now.filter(f -> f.fault() == fault).or(() -> Optional.of(new Failing(fault, Instant.now()))));
    }

    void succeeded() {
        state.set(Optional.empty());
    }
}
