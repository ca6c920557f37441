package dev.incidentbot.bot.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.core.Milestone;
import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestStorage;
import dev.incidentbot.bot.timeline.TimelineEntry;
import dev.incidentbot.bot.timeline.TimelineEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reminders and escalations through the real application (its database, the outbox, the in-memory chat platform)
 * with the reminder jobs on a manual timer: the test moves the clock, the jobs due on the way run at their own
 * instants, so every time is exact and nothing waits. Quartz itself is tested by RestartMisfireTest,
 * ReminderScheduleTest, ReplanIsolationTest and the replica tests.
 */
@ParameterizedClass
@EnumSource(TestStorage.class)
@Tag("postgresql")
class ReminderFlowTest {
    private static final Instant START = Instant.parse("2030-01-07T10:00:00Z");

    @Parameter
    TestStorage storage;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(START);
    private ReminderBot bot;

    @AfterEach
    void close() {
        if (bot != null) {
            bot.close();
        }
    }

    private ReminderBot start(String yaml) {
        bot = ReminderBot.manual(dir, storage, yaml, clock);
        return bot;
    }

    private static String sev1(String ack, String every, String grace, String... steps) {
        StringBuilder y = new StringBuilder("""
                severities:
                  sev1:
                    name: Critical
                """);
        y.append("    acknowledge_within: ").append(ack).append('\n');
        y.append("    update_every: ").append(every).append('\n');
        if (!grace.isEmpty()) {
            y.append("    update_grace: ").append(grace).append('\n');
        }
        y.append("    escalation:\n");
        for (String step : steps) {
            String[] parts = step.split(" ");
            y.append("      - after: ").append(parts[0]).append("\n        notify: [\"").append(parts[1]).append("\"]\n");
        }
        return y.toString();
    }

    @Test
    void withoutAnAcknowledgementItEscalatesStepOneThenStepTwoAtItsOffset() {
        start(sev1("1s", "1h", "", "0s @oncall-primary", "2s @eng-lead"));
        bot.command("dana", "sev1 checkout API returns 500s");
        Instant declared = bot.incident(1).declaredAt();
        assertThat(bot.triggers(1)).containsEntry("acknowledge", declared.plusSeconds(1));

        bot.advance(Duration.ofSeconds(2));
        List<TimelineEntry> events = bot.events(1, "escalated");
        List<TimelineEvent.Escalated> escalations = bot.escalations(1);
        assertThat(escalations).extracting(TimelineEvent.Escalated::step).containsExactly(1, 2);
        assertThat(escalations.get(0).notified()).containsExactly("@oncall-primary");
        assertThat(escalations.get(1).notified()).containsExactly("@eng-lead");
        // Step 1 at the acknowledge deadline, step 2 at its own offset from the declare.
        assertThat(events.get(0).at()).isEqualTo(declared.plusSeconds(1));
        assertThat(events.get(1).at()).isEqualTo(declared.plusSeconds(2));

        List<String> posts = bot.posts(1, "ESCALATION");
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0)).contains("@oncall-primary").contains("escalation step 1").doesNotContain("@eng-lead");
        assertThat(posts.get(1)).contains("@eng-lead").contains("escalation step 2").doesNotContain("@oncall-primary");
        // The escalation names the incident's conversation as a link, not as text.
        dev.incidentbot.chat.RichMessage escalation = bot.chat.effects("post").stream()
                .filter(e -> e.text().contains("escalation step 1")).findFirst().orElseThrow().message();
        assertThat(escalation.blocks()).anySatisfy(b -> assertThat(b)
                .isInstanceOfSatisfying(dev.incidentbot.chat.Block.Paragraph.class, p -> assertThat(p.text().spans())
                        .anySatisfy(span -> assertThat(span).isInstanceOfSatisfying(
                                dev.incidentbot.chat.Span.ConversationLink.class, link -> assertThat(
                                        link.conversation().name()).isEqualTo(bot.incident(1).conversationName())))));
        assertThat(bot.chat.effects("invite")).anyMatch(e -> e.text().equals("@eng-lead"));
        // The chain is exhausted: no acknowledge job is left, and an hour later nothing more was escalated.
        assertThat(bot.triggers(1)).doesNotContainKey("acknowledge");
        bot.advance(Duration.ofMinutes(59));
        assertThat(bot.escalations(1)).hasSize(2);
    }

    @Test
    void acknowledgingStopsFurtherAcknowledgeEscalation() {
        start(sev1("1s", "1h", "", "0s @oncall-primary", "3s @eng-lead"));
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.command("erin", "sev1 search is slow");
        // INC-2 is acknowledged before its deadline: it never escalates.
        assertThat(bot.command("erin", "ack INC-2")).contains("Acknowledged INC-2");
        assertThat(bot.triggers(2)).doesNotContainKey("acknowledge");

        bot.advance(Duration.ofSeconds(1));
        assertThat(bot.escalations(1)).hasSize(1);
        assertThat(bot.command("bob", "ack INC-1")).contains("Acknowledged INC-1");
        assertThat(bot.triggers(1)).doesNotContainKey("acknowledge");

        // A second past step 2's offset, nothing more was escalated.
        bot.advance(Duration.ofSeconds(3));
        assertThat(bot.escalations(1)).extracting(TimelineEvent.Escalated::step).containsExactly(1);
        assertThat(bot.posts(1, "@eng-lead")).isEmpty();
        assertThat(bot.escalations(2)).isEmpty();
        assertThat(bot.posts(2, "ESCALATION")).isEmpty();
    }

    @Test
    void anUpdatePushesTheNextReminderOut() {
        start(sev1("1h", "2s", "1h", "0s @oncall-primary"));
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.command("alice", "commander INC-1");
        Instant declared = bot.incident(1).declaredAt();
        assertThat(bot.triggers(1).get("update")).isEqualTo(declared.plusSeconds(2));

        bot.advance(Duration.ofSeconds(1));
        bot.command("alice", "update INC-1 rolled back the deploy");
        Instant updated = bot.incident(1).milestone(Milestone.LAST_UPDATE).orElseThrow();
        assertThat(updated).isEqualTo(declared.plusSeconds(1));
        assertThat(bot.triggers(1).get("update")).isEqualTo(updated.plusSeconds(2));

        // No reminder at the old due time: the first one comes two seconds after the update.
        bot.advance(Duration.ofSeconds(1));
        assertThat(bot.reminders(1)).isEmpty();
        bot.advance(Duration.ofSeconds(1));
        assertThat(bot.events(1, "reminder_sent")).singleElement()
                .satisfies(e -> assertThat(e.at()).isEqualTo(updated.plusSeconds(2)));
        assertThat(bot.reminders(1).get(0).reminded()).containsExactly("alice");
        assertThat(bot.posts(1, "UPDATE DUE")).singleElement().asString().contains("@alice").doesNotContain("@dana");
    }

    @Test
    void aSeverityChangeReplansFromTheNewSeverity() {
        start("""
                severities:
                  sev1:
                    name: sev1
                    acknowledge_within: 2s
                    update_every: 2s
                    update_grace: 1h
                    escalation:
                      - after: 0s
                        notify: ["@sev1-oncall"]
                  sev2:
                    name: sev2
                    acknowledge_within: 1h
                    update_every: 1h
                    escalation:
                      - after: 0s
                        notify: ["@sev2-oncall"]
                """);
        bot.command("dana", "sev2 checkout latency is up");
        Instant declared = bot.incident(1).declaredAt();
        assertThat(bot.triggers(1)).containsEntry("acknowledge", declared.plusSeconds(3600))
                .containsEntry("update", declared.plusSeconds(3600));

        assertThat(bot.command("dana", "sev INC-1 sev1")).contains("INC-1 is now SEV1");
        assertThat(bot.triggers(1)).containsEntry("acknowledge", declared.plusSeconds(2))
                .containsEntry("update", declared.plusSeconds(2));

        bot.advance(Duration.ofSeconds(2));
        assertThat(bot.escalations(1)).singleElement()
                .satisfies(e -> assertThat(e.notified()).containsExactly("@sev1-oncall"));
        assertThat(bot.reminders(1)).hasSize(1);
        assertThat(bot.posts(1, "UPDATE DUE")).singleElement().asString().contains("SEV1 updates every 2s");

        // Back to sev2: the next reminder is an hour after the declare again, not two seconds after the last one.
        bot.command("dana", "sev INC-1 sev2");
        assertThat(bot.triggers(1)).containsEntry("update", declared.plusSeconds(3600));
    }

    @Test
    void resolvingCancelsEveryPendingReminderAndEscalation() {
        start(sev1("1s", "2s", "500ms", "0s @oncall-primary", "2s @eng-lead"));
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.command("erin", "sev1 search is slow");
        assertThat(bot.triggers(1)).containsKeys("acknowledge", "update");
        bot.advance(Duration.ofSeconds(1));
        assertThat(bot.escalations(1)).hasSize(1);

        assertThat(bot.command("dana", "resolve INC-1 rolled back")).contains("INC-1 is resolved");
        // Only the post-mortem follow-up is left, days away; the other incident keeps its reminders.
        assertThat(bot.triggers(1)).containsOnlyKeys("follow_up");
        assertThat(bot.triggers(1).get("follow_up")).isAfter(clock.instant().plus(Duration.ofDays(1)));
        assertThat(bot.triggers(2)).containsKeys("acknowledge", "update");
        bot.drain();
        int posts = bot.posts(1).size();
        int events = bot.timeline(1).size();

        // Past every due time it had (step 2 and the first reminder at 2s, its overdue step at 2.5s): silence.
        bot.advance(Duration.ofMillis(2500));
        assertThat(bot.posts(1)).hasSize(posts);
        assertThat(bot.timeline(1)).hasSize(events);
        assertThat(bot.triggers(1)).containsOnlyKeys("follow_up");
        // ... while the open incident did get its reminder and both escalation steps.
        assertThat(bot.reminders(2)).isNotEmpty();
        assertThat(bot.escalations(2)).extracting(TimelineEvent.Escalated::step).containsExactly(1, 2);
    }

    @Test
    void aDrillEscalatesOnlyToItsDeclarer() {
        start(sev1("1s", "1h", "", "0s @oncall-primary", "1s @eng-lead"));
        assertThat(bot.command("dana", "drill sev1 game day: database failover")).contains("[DRILL]");
        assertThat(bot.incident(1).drill()).isTrue();

        bot.advance(Duration.ofSeconds(1));
        assertThat(bot.escalations(1)).singleElement()
                .satisfies(e -> assertThat(e.notified()).containsExactly("dana"));
        assertThat(bot.posts(1, "ESCALATION")).singleElement().asString().contains("@dana")
                .doesNotContain("@oncall-primary").doesNotContain("@eng-lead");
        // Its one-step chain is done (the real chain's step 2 falls due with step 1); nobody else was paged.
        assertThat(bot.triggers(1)).doesNotContainKey("acknowledge");
        bot.advance(Duration.ofSeconds(1));
        assertThat(bot.escalations(1)).hasSize(1);
        assertThat(bot.chat.effects()).noneMatch(e -> e.text() != null
                && (e.text().contains("@oncall-primary") || e.text().contains("@eng-lead")));
    }

    @Test
    void anOverdueUpdateEscalatesOncePerStepAndNeverAgainForTheSameMissedUpdate() {
        start(sev1("1h", "1s", "500ms", "0s @oncall-primary", "0s @eng-lead"));
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.command("alice", "commander INC-1");
        Instant declared = bot.incident(1).declaredAt();

        // Reminders every second; the two overdue steps went out once each, half a second apart after the first.
        bot.advance(Duration.ofSeconds(3));
        assertThat(bot.events(1, "reminder_sent")).extracting(TimelineEntry::at)
                .containsExactly(declared.plusSeconds(1), declared.plusSeconds(2), declared.plusSeconds(3));
        List<TimelineEvent.Escalated> overdue = bot.escalations(1);
        assertThat(overdue).extracting(TimelineEvent.Escalated::step).containsExactly(1, 2);
        assertThat(bot.events(1, "escalated")).extracting(TimelineEntry::at)
                .containsExactly(declared.plusMillis(1500), declared.plusMillis(2000));
        assertThat(overdue.get(0).notified()).containsExactly("@oncall-primary");
        assertThat(overdue.get(1).notified()).containsExactly("@eng-lead");
        assertThat(overdue).allSatisfy(e -> assertThat(e.reason()).startsWith("no status update since"));
        assertThat(bot.triggers(1)).doesNotContainKey("overdue");

        // A new update is a new count: missing the next one escalates from step 1 again.
        bot.command("alice", "update INC-1 still digging");
        bot.advance(Duration.ofMillis(1500));
        assertThat(bot.escalations(1)).hasSize(3);
        assertThat(bot.escalations(1).get(2).step()).isEqualTo(1);
        assertThat(bot.posts(1, "ESCALATION")).hasSize(3)
                .allSatisfy(p -> assertThat(p).contains("no status update since"));
    }
}
