package dev.incidentbot.bot.reminder;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs reminder jobs at instants: Quartz on the bot's database in production ({@link ReminderScheduler}); in tests a
 * manual timer driven by the test clock, so a Sev1 cadence runs in milliseconds with no waiting.
 */
public interface ReminderTimer extends AutoCloseable {

    /** From now on, hand each job that falls due to {@code due} (jobs already overdue run at once). */
    void start(Consumer<ScheduledReminder> due);

    /** When {@code job} is planned to run, if it is. */
    Optional<Instant> planned(ScheduledReminder job);

    /** Plan {@code job} at {@code at}, replacing any earlier plan of the same job. */
    void plan(ScheduledReminder job, Instant at);

    /** Forget {@code job} if it is planned. */
    void cancel(ScheduledReminder job);

    @Override
    void close();

    /** The timer could not store or read a plan (its database failed, say). */
    final class Failed extends RuntimeException {
        public Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
