package dev.incidentbot.bot.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A platform's outage as the dispatcher sees it. Each lane backs off on its own, exponentially up to a minute, except
 * one lane per platform, the probe, which keeps trying every couple of seconds (never sooner than Retry-After allows);
 * the first success after the outage wakes every waiting lane of that platform at once, so a backlog drains within
 * seconds of the platform answering again rather than after each lane's own backoff.
 */
final class PlatformOutages {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    static final Duration PROBE_EVERY = Duration.ofSeconds(2);

    private record Outage(String probeLane, Instant quietUntil) { }

    private final Map<String, Outage> outages = new ConcurrentHashMap<>();

    /** A try of {@code lane} on {@code platform} failed and may be retried: how long that lane waits. */
    Duration failed(String platform, String lane, int attempts, Optional<Duration> retryAfter, Instant now) {
        Instant quiet = now.plus(retryAfter.orElse(Duration.ZERO));
        Outage outage = outages.merge(platform, new Outage(lane, quiet), (old, fresh) ->
                new Outage(old.probeLane(), old.quietUntil().isAfter(fresh.quietUntil()) ? old.quietUntil() : fresh.quietUntil()));
        Duration own = backoff(attempts, retryAfter);
        if (outage.probeLane().equals(lane)) {
            Duration probe = jitter(PROBE_EVERY);
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
        long base = 250L << Math.min(attempts, 10);
        Duration own = jitter(Duration.ofMillis(Math.min(base, MAX_BACKOFF.toMillis())));
        return retryAfter.filter(r -> r.compareTo(own) > 0).orElse(own);
    }

    private static Duration jitter(Duration d) {
        return Duration.ofMillis((long) (d.toMillis() * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
    }
}
