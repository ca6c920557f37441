package dev.incidentbot.bot.runner;

import java.time.Duration;

/**
 * Runner-wide settings from the {@code runner:} section, with defaults applied.
 *
 * @param childPath the PATH diagnostics run with and argv[0] is resolved on
 */
public record RunnerSettings(Isolation isolation, int maxConcurrent, int maxConcurrentPerIncident,
                             Duration approvalExpiry, long outputCapBytes, Duration maxTimeout, String childPath,
                             Redactor redactor) {
    public static final int DEFAULT_MAX_CONCURRENT = 4;
    public static final int DEFAULT_MAX_CONCURRENT_PER_INCIDENT = 2;
    public static final Duration DEFAULT_APPROVAL_EXPIRY = Duration.ofMinutes(10);
    public static final long DEFAULT_OUTPUT_CAP = 64 * 1024;
    public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofMinutes(15);
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** What an empty {@code runner:} section means. */
    public static RunnerSettings defaults() {
        return new RunnerSettings(new Isolation.None(), DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_CONCURRENT_PER_INCIDENT,
                DEFAULT_APPROVAL_EXPIRY, DEFAULT_OUTPUT_CAP, DEFAULT_MAX_TIMEOUT, DEFAULT_PATH, Redactor.defaults());
    }

    public RunnerSettings withLimits(int global, int perIncident) {
        return new RunnerSettings(isolation, global, perIncident, approvalExpiry, outputCapBytes, maxTimeout,
                childPath, redactor);
    }
}
