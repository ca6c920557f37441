package dev.incidentbot.slack;

import java.time.Duration;
import java.util.Objects;

/**
 * The clocks of a Socket Mode connection.
 *
 * @param pingInterval how often the bot pings Slack and checks that the socket is alive
 * @param silenceLimit a socket that sent nothing (no frame, ping or pong) for this long is dead and replaced; also how
 *                     long a new socket may take to say {@code hello}
 * @param firstRetry   the backoff before the first reconnection attempt; it doubles per failed attempt
 * @param maxRetry     the longest backoff between attempts
 * @param ackDeadline  how long the engine may take before an envelope is acknowledged without its answer (Slack allows
 *                     3 s); the answer then follows as a separate reply
 */
public record SocketModeTiming(Duration pingInterval, Duration silenceLimit, Duration firstRetry, Duration maxRetry,
                               Duration ackDeadline) {

    public static final SocketModeTiming DEFAULT = new SocketModeTiming(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMillis(2500));

    public SocketModeTiming {
        for (Duration d : new Duration[] {pingInterval, silenceLimit, firstRetry, maxRetry, ackDeadline}) {
            Objects.requireNonNull(d, "durations");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("Socket Mode durations must be positive: " + d);
            }
        }
        if (silenceLimit.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("silenceLimit must be longer than pingInterval");
        }
        if (maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("maxRetry must not be shorter than firstRetry");
        }
        if (ackDeadline.compareTo(Duration.ofSeconds(3)) >= 0) {
            throw new IllegalArgumentException("ackDeadline must leave room within Slack's 3 seconds");
        }
    }
}
