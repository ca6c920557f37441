package dev.incidentbot.bot;

import dev.incidentbot.bot.command.CommandRouter;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.chat.ChatPlatform;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The application's periodic chores, on one daemon thread: held commands of dead processes, resolved conversations to leave. */
final class Housekeeping implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Application.class);
    /** How long a held command waits before a replica takes it as its dead owner's (PostgreSQL only). */
    static final Duration HELD_BY_THE_DEAD = Duration.ofMinutes(1);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "housekeeping");
        t.setDaemon(true);
        return t;
    });

    /**
     * Commands a process acknowledged as received and died before running. On SQLite this is the only process, so at
     * start every held command is such a one. Replicas on PostgreSQL hold commands they are still running, so each
     * replica runs only those held longer than {@link #HELD_BY_THE_DEAD} (a live one finishes in seconds), and looks
     * again every half minute, since the replica that died may not be the one restarting.
     */
    void runHeldCommands(CommandRouter router, List<ChatPlatform> platforms, boolean replicas, Clock clock) {
        if (!replicas) {
            router.runHeld(platforms, Instant.MAX);
            return;
        }
        executor.scheduleWithFixedDelay(() -> {
            try {
                router.runHeld(platforms, clock.instant().minus(HELD_BY_THE_DEAD));
            } catch (RuntimeException e) {
                log.warn("could not look for held commands of stopped replicas", e);
            }
        }, 0, 30, TimeUnit.SECONDS);
    }

    /**
     * Platforms that leave resolved incidents' conversations (Matrix: {@code matrix.leave_resolved_after}) are checked
     * at start and then every hour, or more often when the configured time is short.
     */
    void leaveResolvedConversations(List<ChatPlatform> platforms, IncidentService service) {
        for (ChatPlatform p : platforms) {
            p.leaveResolvedAfter().ifPresent(after -> {
                Duration every = after.dividedBy(10);
                every = every.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                        : every.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : every;
                executor.scheduleWithFixedDelay(() -> {
                    try {
                        int left = service.leaveResolved(p.name(), after);
                        if (left > 0) {
                            log.info("{}: leaving the conversations of {} incidents resolved over {} ago", p.name(), left,
                                    after);
                        }
                    } catch (RuntimeException e) {
                        log.warn("{}: could not check for resolved incidents' conversations to leave", p.name(), e);
                    }
                }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
            });
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
