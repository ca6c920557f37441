package dev.incidentbot.bot.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.store.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Quartz side of the reminder timer on real SQLite files: jobs planned, moved, cancelled and run with their
 * incident, kind and retry count; and two applications' schedulers in one JVM, each on its own database, keep to
 * their own jobs (Quartz's scheduler and data-source names are JVM-wide) while both store the one scheduler name.
 */
@Tag("realtime")
class ReminderSchedulerTest {
    @TempDir
    Path dir;

    @Test
    void plansMovesAndCancelsAJobAtMillisecondPrecision() {
        try (Database db = Database.open(dir.resolve("a.db")); ReminderScheduler timer = new ReminderScheduler(db)) {
            ScheduledReminder update = ScheduledReminder.of(7, ReminderKind.UPDATE);
            Instant at = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);
            assertThat(timer.planned(update)).isEmpty();

            timer.plan(update, at);
            assertThat(timer.planned(update)).contains(at);
            timer.plan(update, at.plusSeconds(60));
            assertThat(timer.planned(update)).contains(at.plusSeconds(60));
            assertThat(triggerNames(db)).containsExactly("incident-7/update");

            timer.cancel(update);
            assertThat(timer.planned(update)).isEmpty();
            assertThat(triggerNames(db)).isEmpty();
            timer.cancel(update);
        }
    }

    @Test
    void twoSchedulersInOneJvmEachRunTheirOwnDatabasesJobs() {
        try (Database first = Database.open(dir.resolve("first.db")); Database second = Database.open(dir.resolve("second.db"));
             ReminderScheduler a = new ReminderScheduler(first); ReminderScheduler b = new ReminderScheduler(second)) {
            List<ScheduledReminder> ranA = new CopyOnWriteArrayList<>();
            List<ScheduledReminder> ranB = new CopyOnWriteArrayList<>();
            ScheduledReminder retry = new ScheduledReminder(1, ReminderKind.ACKNOWLEDGE, 2);
            ScheduledReminder overdue = ScheduledReminder.of(2, ReminderKind.OVERDUE);
            // Already due: Quartz runs them as soon as it starts.
            a.plan(retry, Instant.now().minusMillis(100));
            b.plan(overdue, Instant.now().minusMillis(100));
            assertThat(triggerNames(first)).containsExactly("incident-1/acknowledge-retry-2");
            assertThat(triggerNames(second)).containsExactly("incident-2/overdue");
            a.start(ranA::add);
            b.start(ranB::add);

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !ranA.isEmpty() && !ranB.isEmpty());
            assertThat(ranA).containsExactly(retry);
            assertThat(ranB).containsExactly(overdue);
        }
    }

    /** "group/name" of every trigger stored under the one scheduler name every replica shares. */
    private static List<String> triggerNames(Database db) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT TRIGGER_GROUP, TRIGGER_NAME FROM QRTZ_TRIGGERS "
                    + "WHERE SCHED_NAME = 'incident-bot' ORDER BY 1, 2"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
            return out;
        });
    }
}
