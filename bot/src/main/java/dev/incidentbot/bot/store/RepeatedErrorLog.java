package dev.incidentbot.bot.store;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs an error that repeats (a full disk fails every write) at most once per interval per key, with how many times it
 * happened since the last line: the log stays readable and small while the fault lasts.
 */
public final class RepeatedErrorLog {
    private record Seen(long loggedAtNanos, int suppressed) { }

    private final Logger log;
    private final Duration interval;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    public RepeatedErrorLog(Logger log, Duration interval) {
        this.log = log;
        this.interval = interval;
    }

    /** Log {@code message} now unless {@code key} was logged less than an interval ago; then count it. */
    public void error(String key, String message, Throwable error) {
        long now = System.nanoTime();
        boolean[] emit = new boolean[1];
        int[] before = new int[1];
        seen.compute(key, (k, s) -> {
            if (s == null || now - s.loggedAtNanos() >= interval.toNanos()) {
                emit[0] = true;
                before[0] = s == null ? 0 : s.suppressed();
                return new Seen(now, 0);
            }
            return new Seen(s.loggedAtNanos(), s.suppressed() + 1);
        });
        if (emit[0]) {
            String repeated = before[0] == 0 ? "" : " (and " + before[0] + " more times since the last line)";
            if (before[0] == 0 && error != null) {
                log.error("{}{}", message, repeated, error);
            } else {
                log.error("{}{}: {}", message, repeated, error == null ? "" : error.toString());
            }
        }
    }

    /** Forget {@code key}: the fault is over, so the next occurrence is news again. */
    public void cleared(String key) {
        seen.remove(key);
    }
}
