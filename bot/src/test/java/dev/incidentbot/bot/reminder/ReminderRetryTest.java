package dev.incidentbot.bot.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestStorage;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reminder job that throws is not lost: it is tried again through a job of its own, 10 s later, and escalates late,
 * not never. The jobs run on a manual timer driven by the test clock.
 */
class ReminderRetryTest {
    @TempDir
    Path dir;

    @Test
    void anEscalationWhoseFiringFailedIsTriedAgainAndHappens() {
        String yaml = """
                severities:
                  sev1:
                    name: Critical
                    acknowledge_within: 2s
                    update_every: 1h
                    escalation:
                      - after: 0s
                        notify: ["@oncall-primary"]
                      - after: 2s
                        notify: ["@eng-lead"]
                """;
        MutableClock clock = new MutableClock(Instant.parse("2030-01-07T10:00:00Z"));
        try (ReminderBot bot = ReminderBot.manual(dir, TestStorage.SQLITE, yaml, clock)) {
            bot.command("alice", "sev1 checkout down");
            Instant declared = bot.incident(1).declaredAt();
            assertThat(bot.triggers(1)).containsEntry("acknowledge", declared.plusSeconds(2));
            // The firing reads and writes reminder_state; without it, the job throws as on a broken database.
            execute(bot, "ALTER TABLE reminder_state RENAME TO reminder_state_away");
            bot.advance(Duration.ofSeconds(2));
            assertThat(bot.escalations(1)).isEmpty();
            assertThat(bot.triggers(1)).containsEntry("acknowledge-retry-1", declared.plusSeconds(12))
                    .doesNotContainKey("acknowledge");
            execute(bot, "ALTER TABLE reminder_state_away RENAME TO reminder_state");

            // The retry escalates step 1; step 2, due since the declare's 2 s, follows at once.
            bot.advance(Duration.ofSeconds(10));
            assertThat(bot.escalations(1)).extracting(e -> e.notified().get(0))
                    .containsExactly("@oncall-primary", "@eng-lead");
            assertThat(bot.events(1, "escalated")).allSatisfy(e -> assertThat(e.at()).isEqualTo(declared.plusSeconds(12)));
            assertThat(bot.triggers(1)).doesNotContainKeys("acknowledge", "acknowledge-retry-1");
        }
    }

    private static void execute(ReminderBot bot, String sql) {
        bot.app.database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return ps.executeUpdate();
            }
        });
    }
}
