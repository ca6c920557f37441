package dev.incidentbot.bot.reminder;

import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestStorage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.core.Milestone;
import dev.incidentbot.bot.timeline.TimelineEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real application on a hand-set clock years ahead, so Quartz keeps every trigger pending: the tests read the
 * trigger times Quartz holds and fire reminders themselves, as the Quartz job would, at chosen instants.
 * 2030-01-04 is a Friday; business hours are Mon-Fri 09:00-17:00 UTC.
 */
@ParameterizedClass
@EnumSource(TestStorage.class)
@Tag("postgresql")
class ReminderScheduleTest {
    @Parameter
    TestStorage storage;

    private static final String CONFIG = """
            severities:
              sev1:
                name: sev1
                acknowledge_within: 5m
                update_every: 15m
                escalation:
                  - after: 0m
                    notify: ["@oncall-primary"]
                  - after: 15m
                    notify: ["@eng-lead"]
              sev3:
                name: sev3
                acknowledge_within: 1h
                update_every: 4h
                business_hours_only: true
                escalation:
                  - after: 0m
                    notify: ["@oncall-primary"]
                  - after: 8h
                    notify: ["@eng-lead"]
            business_hours:
              days: [mon, tue, wed, thu, fri]
              start: "09:00"
              end: "17:00"
              time_zone: UTC
            postmortem_due: 3d
            """;

    @TempDir
    Path dir;
    private ReminderBot bot;
    private MutableClock clock;
    private ReminderFiring firing;

    private void start(String localDateTime) {
        clock = new MutableClock(at(localDateTime));
        bot = new ReminderBot(dir, storage, CONFIG, clock);
        firing = new ReminderFiring(bot.app.service(), bot.app.config());
    }

    @AfterEach
    void close() {
        if (bot != null) {
            bot.close();
        }
    }

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZoneId.of("UTC")).toInstant();
    }

    /** Move the clock to {@code t} and fire {@code kind} for INC-{@code n} as its Quartz trigger would. */
    private void fireAt(Instant t, long n, ReminderKind kind) {
        clock.set(t);
        firing.fire(n, kind);
        bot.drain();
    }

    @Test
    void aSev3DeclaredOnFridayAfternoonIsDueOnMonday() {
        start("2030-01-04T16:30");
        bot.command("dana", "sev3 reports export is slow");
        assertThat(bot.triggers(1)).containsExactly(
                java.util.Map.entry("acknowledge", at("2030-01-07T09:30")),
                java.util.Map.entry("update", at("2030-01-07T12:30")));

        // Firing on Monday 09:30 escalates step 1; step 2 waits for 8 business hours after the declare.
        fireAt(at("2030-01-07T09:30"), 1, ReminderKind.ACKNOWLEDGE);
        assertThat(bot.escalations(1)).extracting(TimelineEvent.Escalated::step).containsExactly(1);
        assertThat(bot.triggers(1)).containsEntry("acknowledge", at("2030-01-07T16:30"));
        // The update reminder on Monday 12:30, then one every 4 business hours: Monday 16:30.
        fireAt(at("2030-01-07T12:30"), 1, ReminderKind.UPDATE);
        assertThat(bot.reminders(1)).hasSize(1);
        assertThat(bot.triggers(1)).containsEntry("update", at("2030-01-07T16:30"))
                .containsEntry("overdue", at("2030-01-07T13:50"));
    }

    @Test
    void aStaleTriggerDoesNothing() {
        start("2030-01-04T10:00");
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drain();
        int posts = bot.chat.posts().size();
        // Fired a minute before anything is due (e.g. a trigger left from an older plan): no message, no event.
        fireAt(at("2030-01-04T10:04"), 1, ReminderKind.ACKNOWLEDGE);
        fireAt(at("2030-01-04T10:04"), 1, ReminderKind.UPDATE);
        fireAt(at("2030-01-04T10:04"), 1, ReminderKind.OVERDUE);
        fireAt(at("2030-01-04T10:04"), 1, ReminderKind.FOLLOW_UP);
        assertThat(bot.chat.posts()).hasSize(posts);
        assertThat(bot.escalations(1)).isEmpty();
        assertThat(bot.reminders(1)).isEmpty();
        assertThat(bot.triggers(1)).containsEntry("acknowledge", at("2030-01-04T10:05"))
                .containsEntry("update", at("2030-01-04T10:15"));
    }

    @Test
    void aReminderFiredAMomentEarlyIsNotSentTwice() {
        start("2030-01-04T10:00");
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.command("alice", "commander INC-1");
        Instant due = at("2030-01-04T10:15");
        assertThat(bot.triggers(1)).containsEntry("update", due);

        // Quartz may run a trigger a few milliseconds before its time.
        fireAt(due.minusMillis(2), 1, ReminderKind.UPDATE);
        assertThat(bot.reminders(1)).hasSize(1);
        assertThat(bot.triggers(1).get("update")).isAfterOrEqualTo(due.plus(Duration.ofMinutes(15)).minusMillis(2));
        // The trigger Quartz would run next for this incident must not remind about the same due time again.
        fireAt(due.plusMillis(5), 1, ReminderKind.UPDATE);
        assertThat(bot.reminders(1)).hasSize(1);
        assertThat(bot.posts(1, "UPDATE DUE")).hasSize(1);
    }

    @Test
    void afterResolutionThePostMortemAndDatedActionItemsAreScheduled() {
        start("2030-01-09T09:00");
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.command("dana", "action INC-1 add an alert on 5xx rate @bob due:2030-01-10");
        bot.command("dana", "action INC-1 write the runbook");
        bot.command("dana", "action INC-1 load test checkout due:2030-02-01");
        clock.set(at("2030-01-09T10:30"));
        bot.command("dana", "resolve INC-1 rolled back");
        Instant resolved = bot.incident(1).milestone(Milestone.RESOLVED).orElseThrow();
        assertThat(resolved).isEqualTo(at("2030-01-09T10:30"));

        // The earliest follow-up is pending: the first action item at the opening of its due day.
        assertThat(bot.triggers(1)).containsExactly(java.util.Map.entry("follow_up", at("2030-01-10T09:00")));
        fireAt(at("2030-01-10T09:00"), 1, ReminderKind.FOLLOW_UP);
        assertThat(bot.posts(1, "follow-up due now")).singleElement().asString()
                .contains("@dana").contains("action item 1: add an alert on 5xx rate (owner bob)");
        assertThat(bot.reminders(1)).extracting(TimelineEvent.ReminderSent::kind).containsExactly("action_item");

        // Then the post-mortem, 3 business days after Wednesday 10:30: Monday 10:30, as the resolution message said.
        assertThat(bot.posts(1, "RESOLVED")).singleElement().asString().contains("due 2030-01-14 10:30 UTC");
        assertThat(bot.triggers(1)).containsExactly(java.util.Map.entry("follow_up", at("2030-01-14T10:30")));
        fireAt(at("2030-01-14T10:30"), 1, ReminderKind.FOLLOW_UP);
        assertThat(bot.posts(1, "follow-up due now: post-mortem")).hasSize(1);
        assertThat(bot.triggers(1)).containsExactly(java.util.Map.entry("follow_up", at("2030-02-01T09:00")));
        fireAt(at("2030-02-01T09:00"), 1, ReminderKind.FOLLOW_UP);
        assertThat(bot.posts(1, "load test checkout")).hasSize(1);
        assertThat(bot.triggers(1)).isEmpty();
        assertThat(bot.reminders(1)).extracting(TimelineEvent.ReminderSent::kind)
                .containsExactly("action_item", "postmortem", "action_item");
        assertThat(bot.posts(1, "write the runbook")).isEmpty();
    }

    @Test
    void anActionItemAddedAfterAFollowUpWentOutIsRemindedOnceAndNothingRepeats() {
        start("2030-01-09T09:00");
        bot.command("dana", "sev1 checkout API returns 500s");
        clock.set(at("2030-01-09T10:30"));
        bot.command("dana", "resolve INC-1 rolled back");
        fireAt(at("2030-01-14T10:30"), 1, ReminderKind.FOLLOW_UP);
        assertThat(bot.posts(1, "follow-up due now: post-mortem")).hasSize(1);
        assertThat(bot.triggers(1)).isEmpty();

        // At the post-mortem meeting an item is recorded that was due this morning, and one for next week.
        clock.set(at("2030-01-14T11:00"));
        bot.command("dana", "action INC-1 rotate the leaked key due:2030-01-14");
        bot.command("dana", "action INC-1 add a canary stage due:2030-01-21");
        Instant next = bot.triggers(1).get("follow_up");
        assertThat(next).isNotNull().isBeforeOrEqualTo(at("2030-01-14T11:00"));
        fireAt(at("2030-01-14T11:00"), 1, ReminderKind.FOLLOW_UP);
        assertThat(bot.posts(1, "rotate the leaked key")).hasSize(1);
        assertThat(bot.triggers(1)).containsExactly(java.util.Map.entry("follow_up", at("2030-01-21T09:00")));
        fireAt(at("2030-01-21T09:00"), 1, ReminderKind.FOLLOW_UP);
        assertThat(bot.posts(1, "add a canary stage")).hasSize(1);
        // The post-mortem reminder went out once, and nothing is left to remind.
        assertThat(bot.posts(1, "follow-up due now: post-mortem")).hasSize(1);
        assertThat(bot.reminders(1)).extracting(TimelineEvent.ReminderSent::kind)
                .containsExactly("postmortem", "action_item", "action_item");
        assertThat(bot.triggers(1)).isEmpty();
    }

    @Test
    void concurrentReplansOfOneIncidentNeitherFailNorLoseTriggers() throws Exception {
        start("2030-01-04T10:00");
        bot.command("dana", "sev1 checkout API returns 500s");
        Scheduler quartz = bot.quartz();
        Logger log = (Logger) LoggerFactory.getLogger(Reminders.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 15; round++) {
                // As after a crash between a commit and its planning: the incident's triggers are gone.
                quartz.unscheduleJobs(List.of(TriggerKey.triggerKey("acknowledge", "incident-1"),
                        TriggerKey.triggerKey("update", "incident-1")));
                assertThat(bot.triggers(1)).isEmpty();
                // Several changes to the incident commit at once (a command, a firing job...); each re-plans it.
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        go.await();
                        return bot.app.service().write(tx -> {
                            tx.touched(tx.load(1));
                            return null;
                        });
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertThat(bot.triggers(1)).containsOnlyKeys("acknowledge", "update");
            }
        } finally {
            pool.shutdownNow();
            log.detachAppender(logged);
        }
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.startsWith("could not plan reminders"));
    }
}
