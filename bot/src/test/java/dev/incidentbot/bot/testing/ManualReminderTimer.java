package dev.incidentbot.bot.testing;

import dev.incidentbot.bot.reminder.ReminderTimer;
import dev.incidentbot.bot.reminder.ScheduledReminder;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A {@link ReminderTimer} driven by the test clock instead of Quartz and the wall clock: moving the clock runs the jobs
 * that fall due, in order, synchronously on the test's thread, each with the clock set to its own instant. Reminder
 * and escalation tests run in milliseconds and wait for nothing.
 */
public final class ManualReminderTimer implements ReminderTimer {
    /** More runs than this in one move means jobs keep planning themselves into the past. */
    private static final int MAX_RUNS_PER_MOVE = 10_000;

    private final MutableClock clock;
    private final Map<ScheduledReminder, Instant> planned = new LinkedHashMap<>();
    private Consumer<ScheduledReminder> due;

    public ManualReminderTimer(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void start(Consumer<ScheduledReminder> due) {
        this.due = due;
    }

    @Override
    public synchronized Optional<Instant> planned(ScheduledReminder job) {
        return Optional.ofNullable(planned.get(job));
    }

    @Override
    public synchronized void plan(ScheduledReminder job, Instant at) {
        planned.put(job, at);
    }

    @Override
    public synchronized void cancel(ScheduledReminder job) {
        planned.remove(job);
    }

    /** INC-{@code incident}'s planned jobs: name (the reminder kind, or e.g. {@code update-retry-1}) to instant. */
    public synchronized Map<String, Instant> planned(long incident) {
        Map<String, Instant> out = new TreeMap<>();
        planned.forEach((job, at) -> {
            if (job.incident() == incident) {
                out.put(job.name(), at);
            }
        });
        return out;
    }

    /** Move the clock by {@code d}, running every job that falls due on the way. */
    public void advance(Duration d) {
        advanceTo(clock.instant().plus(d));
    }

    /** Run the jobs due now (those planned at or before the clock's instant). */
    public void runDue() {
        advanceTo(clock.instant());
    }

    /** Move the clock to {@code until} (never back), running every job due by then at its own instant. */
    public void advanceTo(Instant until) {
        for (int runs = 0; ; runs++) {
            if (runs > MAX_RUNS_PER_MOVE) {
                throw new IllegalStateException("reminder jobs keep falling due before " + until + ": " + planned);
            }
            Map.Entry<ScheduledReminder, Instant> next = nextDueBy(until).orElse(null);
            if (next == null) {
                break;
            }
            if (next.getValue().isAfter(clock.instant())) {
                clock.set(next.getValue());
            }
            runner().accept(next.getKey());
        }
        if (until.isAfter(clock.instant())) {
            clock.set(until);
        }
    }

    /** Takes the earliest job due by {@code until} off the plan; of jobs due together, the one planned first. */
    private synchronized Optional<Map.Entry<ScheduledReminder, Instant>> nextDueBy(Instant until) {
        Optional<Map.Entry<ScheduledReminder, Instant>> next = planned.entrySet().stream()
                .filter(e -> !e.getValue().isAfter(until))
                .min(Map.Entry.comparingByValue())
                .map(e -> Map.entry(e.getKey(), e.getValue()));
        next.ifPresent(e -> planned.remove(e.getKey()));
        return next;
    }

    private synchronized Consumer<ScheduledReminder> runner() {
        if (due == null) {
            throw new IllegalStateException("the application has not started the reminder timer");
        }
        return due;
    }

    @Override
    public synchronized void close() {
        planned.clear();
    }
}
