package dev.incidentbot.chat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one backoff of the project (outbox retries, Slack Socket Mode and Matrix /sync reconnects): exponential with
 * jitter, attempt {@code n} (0-based) waits a random time between half and all of {@code min(max, first * 2^n)}, so
 * many lanes or bots that failed at the same moment do not come back in step.
 */
public record Backoff(Duration first, Duration max, DoubleSupplier random) {

    /** With {@link ThreadLocalRandom} for the jitter. */
    public static Backoff of(Duration first, Duration max) {
        return new Backoff(first, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    public Duration delay(int attempt) {
        long ceiling = max.toMillis();
        long base = first.toMillis();
        for (int i = 0; i < attempt && base < ceiling; i++) {
            base *= 2;
        }
        base = Math.min(base, ceiling);
        double jitter = 0.5 + 0.5 * Math.min(1.0, Math.max(0.0, random.getAsDouble()));
        return Duration.ofMillis(Math.round(base * jitter));
    }
}
