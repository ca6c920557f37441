package dev.incidentbot.chat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one backoff of the project (outbox retries, Slack Socket Mode and Matrix /sync reconnects): exponential with
 * jitter. Attempt {@code n} (0-based) waits a random time between {@code 1 - jitter} of and all of
 * {@code min(max, first * 2^n)}, so many lanes or bots that failed at the same moment do not come back in step.
 */
public record Backoff(Duration first, Duration max, double jitter, DoubleSupplier random) {

    public Backoff {
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter is a share of the wait, 0 to 1: " + jitter);
        }
    }

    /** With {@link ThreadLocalRandom} for the jitter. */
    public static Backoff of(Duration first, Duration max, double jitter) {
        return new Backoff(first, max, jitter, () -> ThreadLocalRandom.current().nextDouble());
    }

    public Duration delay(int attempt) {
        long ceiling = max.toMillis();
        long base = first.toMillis();
        for (int i = 0; i < attempt && base < ceiling; i++) {
            base *= 2;
        }
        base = Math.min(base, ceiling);
        double r = Math.min(1.0, Math.max(0.0, random.getAsDouble()));
        return Duration.ofMillis(Math.round(base * (1 - jitter * (1 - r))));
    }
}
