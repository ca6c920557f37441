package dev.incidentbot.bot.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestStorage;
import dev.incidentbot.bot.timeline.TimelineEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 6: one escalation per person per step, and escalations after acknowledgement ask for what is due.
 * The reminder jobs run on a manual timer driven by the test clock.
 */
class EscalationDueTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-07T10:00:00Z"));
    private ReminderBot bot;

    @AfterEach
    void close() {
        if (bot != null) {
            bot.close();
        }
    }

    private static String sev1(String ack, String every, String grace, String... targets) {
        StringBuilder y = new StringBuilder("severities:\n  sev1:\n    name: Critical\n");
        y.append("    acknowledge_within: ").append(ack).append('\n');
        y.append("    update_every: ").append(every).append('\n');
        y.append("    update_grace: ").append(grace).append('\n');
        y.append("    escalation:\n");
        for (String target : targets) {
            y.append("      - after: 0s\n        notify: [\"").append(target).append("\"]\n");
        }
        return y.toString();
    }

    @Test
    void theOnCallMissedAcknowledgementAndUpdateTogetherAndIsEscalatedToOnceForTheStep() {
        // Acknowledge and overdue escalation both fall due around one second in, both at step 1: the on-call.
        bot = ReminderBot.manual(dir, TestStorage.SQLITE, sev1("1s", "1s", "200ms", "@oncall-primary"), clock);
        bot.command("dana", "sev1 checkout API returns 500s");

        // Acknowledge and update due at 1 s, the overdue escalation at 1.2 s, the next reminder at 2 s.
        bot.advance(Duration.ofSeconds(2));
        assertThat(bot.reminders(1)).hasSize(2);
        assertThat(bot.triggers(1)).doesNotContainKeys("overdue", "acknowledge");

        assertThat(bot.escalations(1)).singleElement().satisfies(e -> {
            assertThat(e.step()).isEqualTo(1);
            assertThat(e.notified()).containsExactly("@oncall-primary");
        });
        assertThat(bot.posts(1, "ESCALATION")).hasSize(1);
        // One invitation when declared (the declaration invites step 0 as a row of its own), one for the escalation.
        assertThat(bot.chat.effects("invite")).filteredOn(e -> e.text().equals("@oncall-primary")).hasSize(2);
    }

    @Test
    void anEscalationAfterAcknowledgementAsksForAnUpdateNotAnAcknowledgement() {
        bot = ReminderBot.manual(dir, TestStorage.SQLITE, sev1("1h", "1s", "200ms", "@oncall-primary"), clock);
        bot.command("dana", "sev1 checkout API returns 500s");
        assertThat(bot.command("alice", "ack INC-1")).contains("Acknowledged INC-1");

        bot.advance(Duration.ofMillis(1200));
        assertThat(bot.posts(1, "ESCALATION")).hasSize(1);
        String escalation = bot.posts(1, "ESCALATION").get(0);
        assertThat(escalation).contains("no status update since").contains("/incident update")
                .doesNotContain("Acknowledge").doesNotContain("/incident ack");
        assertThat(bot.escalations(1)).extracting(TimelineEvent.Escalated::reason)
                .singleElement().asString().startsWith("no status update since");
    }
}
