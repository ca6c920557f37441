package dev.incidentbot.slack;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt {@code n} (0-based) waits a random time between half and all of
 * {@code min(max, first * 2^n)}, so many bots that lost Slack at the same moment do not come back in step.
 */
record Backoff(Duration first, Duration max, DoubleSupplier random) {

    Duration delay(int attempt) {
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
