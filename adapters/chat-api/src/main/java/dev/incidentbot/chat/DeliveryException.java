package dev.incidentbot.chat;

import java.time.Duration;
import java.util.Optional;

/**
 * A side effect the platform could not perform. {@link Retryable}: try again later (rate limit, 5xx, network);
 * {@link Permanent}: retrying cannot help (channel gone, bot removed), so the caller records it and moves on.
 */
public abstract sealed class DeliveryException extends RuntimeException
        permits DeliveryException.Retryable, DeliveryException.Permanent {

    protected DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }

    public static final class Retryable extends DeliveryException {
        private final Duration retryAfter;

        /** {@code retryAfter} is what the platform asked for (Retry-After, retry_after_ms), or zero if it did not say. */
        public Retryable(String message, Duration retryAfter, Throwable cause) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }

        public Retryable(String message, Throwable cause) {
            this(message, Duration.ZERO, cause);
        }

        public Optional<Duration> retryAfter() {
            return retryAfter.isZero() ? Optional.empty() : Optional.of(retryAfter);
        }
    }

    public static final class Permanent extends DeliveryException {
        public Permanent(String message, Throwable cause) {
            super(message, cause);
        }

        public Permanent(String message) {
            super(message, null);
        }
    }
}
