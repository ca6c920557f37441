package dev.incidentbot.bot.reminder;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.incident.ReminderPlanner;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.ReminderStateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reminders as data: one job per incident and {@link ReminderKind}, planned in a {@link ReminderTimer} (Quartz in
 * production, so they survive restarts). Re-planning an incident touches only its own jobs (O(1)); a job carries just
 * the incident number and kind, and {@link ReminderFiring} re-reads the incident when it runs.
 */
public final class Reminders implements ReminderPlanner, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reminders.class);
    /** A failed reminder is tried again after 10 s, 20 s, ... up to this many times. */
    static final int MAX_RETRIES = 6;
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final Database db;
    private final ReminderTimer timer;
    private final ReminderFiring firing;
    private final Clock clock;
    private final ReminderPlan plan;
    private final IncidentStore incidents = new IncidentStore();
    private final ReminderStateStore states = new ReminderStateStore();
    /**
     * Re-plans of one incident run one at a time (a command and a firing job may commit changes to it together):
     * whichever runs last reads the latest commit, and two never both create the same job. Striped, so different
     * incidents still plan in parallel.
     */
    private final Object[] planLocks = new Object[64];

    public Reminders(Database db, BotConfig config, ReminderTimer timer, ReminderFiring firing, Clock clock) {
        this.db = db;
        this.timer = timer;
        this.firing = firing;
        this.clock = clock;
        this.plan = new ReminderPlan(config);
        for (int k = 0; k < planLocks.length; k++) {
            planLocks[k] = new Object();
        }
    }

    public void start() {
        timer.start(this::run);
    }

    /** Make sure every open or recently resolved incident has its jobs, e.g. after a crash between commit and plan. */
    public void replanAll() {
        // Resolved incidents too, for their follow-ups; 90 days covers any sensible post-mortem or action item.
        long since = clock.instant().minus(Duration.ofDays(90)).toEpochMilli();
        List<Long> numbers = db.read(c -> incidents.openOrResolvedSince(c, since));
        for (long n : numbers) {
            try {
                db.read(c -> incidents.find(c, n)).ifPresent(this::replan);
            } catch (IllegalStateException e) {
                // e.g. its severity was removed from the config: that incident gets no reminders, the bot still starts.
                log.error("cannot plan reminders for INC-{}: {}", n, e.getMessage());
            }
        }
    }

    @Override
    public void replan(Incident incident) {
        synchronized (planLocks[(int) Math.floorMod(incident.number(), (long) planLocks.length)]) {
            replanLocked(incident);
        }
    }

    private void replanLocked(Incident incident) {
        try {
            Map<ReminderKind, Instant> due = db.read(c -> planFor(c, incident.number()));
            for (ReminderKind kind : ReminderKind.values()) {
                ScheduledReminder job = ScheduledReminder.of(incident.number(), kind);
                Instant at = due.get(kind);
                Optional<Instant> planned = timer.planned(job);
                if (at == null) {
                    if (planned.isPresent()) {
                        timer.cancel(job);
                    }
                } else if (planned.isEmpty() || planned.get().toEpochMilli() != at.toEpochMilli()) {
                    timer.plan(job, at);
                }
            }
        } catch (ReminderTimer.Failed e) {
            log.error("could not plan reminders for INC-{}; they will be planned again at the next change or start",
                    incident.number(), e);
        }
    }

    private Map<ReminderKind, Instant> planFor(Connection c, long number) throws SQLException {
        Incident i = incidents.find(c, number).orElseThrow();
        return plan.plan(i, states.find(c, number), plan.followUps(i, incidents.actionItems(c, number)));
    }

    /**
     * A job fell due. A reminder that failed (the database could not be written, say) is an escalation that did not
     * happen: it is tried again through a job of its own in the timer, so with Quartz the retry survives a restart
     * too. Firing re-checks that the reminder is still due, so a late retry of something already done does nothing.
     */
    void run(ScheduledReminder job) {
        try {
            firing.fire(job.incident(), job.kind());
        } catch (RuntimeException e) {
            retryLater(job.retried(), e);
        }
    }

    private void retryLater(ScheduledReminder again, RuntimeException error) {
        if (again.retry() > MAX_RETRIES) {
            log.error("reminder {} for INC-{} failed {} times; the next change or start plans it again", again.kind(),
                    again.incident(), again.retry(), error);
            return;
        }
        Duration wait = RETRY_AFTER.multipliedBy(again.retry());
        log.warn("reminder {} for INC-{} failed ({}); trying again in {} s", again.kind(), again.incident(),
                error.getMessage(), wait.toSeconds());
        try {
            timer.plan(again, clock.instant().plus(wait));
        } catch (ReminderTimer.Failed e) {
            log.error("reminder {} for INC-{} failed and its retry could not be stored; the next start plans it again",
                    again.kind(), again.incident(), e);
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
