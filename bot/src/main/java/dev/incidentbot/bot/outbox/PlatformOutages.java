package dev.incidentbot.bot.outbox;

import dev.incidentbot.chat.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A platform's outage as the dispatcher sees it. Each lane backs off on its own, exponentially up to a minute, except
 * one lane per platform, the probe, which keeps trying every couple of seconds (never sooner than Retry-After allows);
 * the first success after the outage wakes every waiting lane of that platform at once, so a backlog drains within
 * seconds of the platform answering again rather than after each lane's own backoff.
 */
final class PlatformOutages {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    static final Duration PROBE_EVERY = Duration.ofSeconds(2);
    /** A lane's own wait: 0.3 s doubling per failed try up to a minute, each between 80 % and all of that. */
    private static final Backoff BACKOFF = Backoff.of(Duration.ofMillis(300), MAX_BACKOFF, 0.2);
    /** The probe's wait: 1.6 to 2 seconds. */
    private static final Backoff PROBE = Backoff.of(PROBE_EVERY, PROBE_EVERY, 0.2);

    private record Outage(String probeLane, Instant quietUntil) { }

    private final Map<String, Outage> outages = new ConcurrentHashMap<>();

    /** A try of {@code lane} on {@code platform} failed and may be retried: how long that lane waits. */
    Duration failed(String platform, String lane, int attempts, Optional<Duration> retryAfter, Instant now) {
        Instant quiet = now.plus(retryAfter.orElse(Duration.ZERO));
        Outage outage = outages.merge(platform, new Outage(lane, quiet), (old, fresh) ->
                new Outage(old.probeLane(), old.quietUntil().isAfter(fresh.quietUntil()) ? old.quietUntil() : fresh.quietUntil()));
        Duration own = backoff(attempts, retryAfter);
        if (outage.probeLane().equals(lane)) {
            Duration probe = PROBE.delay(0);
            Duration floor = retryAfter.orElse(Duration.ZERO);
            return probe.compareTo(floor) > 0 ? (probe.compareTo(own) < 0 ? probe : own) : floor;
        }
        return own;
    }

    /** A delivery on {@code platform} succeeded: when the lanes waiting out its outage may go, if it had one. */
    Optional<Instant> succeeded(String platform, Instant now) {
        Outage outage = outages.remove(platform);
        if (outage == null) {
            return Optional.empty();
        }
        return Optional.of(outage.quietUntil().isAfter(now) ? outage.quietUntil() : now);
    }

    static Duration backoff(int attempts, Optional<Duration> retryAfter) {
        Duration own = BACKOFF.delay(attempts);
        return retryAfter.filter(r -> r.compareTo(own) > 0).orElse(own);
    }
}
