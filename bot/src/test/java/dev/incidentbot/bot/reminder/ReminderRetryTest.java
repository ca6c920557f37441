package dev.incidentbot.bot.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reminder job that throws is not lost: it is tried again through a stored trigger and escalates late, not never. */
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
        try (ReminderBot bot = new ReminderBot(dir, yaml)) {
            bot.command("alice", "sev1 checkout down");
            await().atMost(Duration.ofSeconds(10)).until(() -> bot.app.database().read(c -> count(c,
                    "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'incident-1'")) > 0);
            // The firing reads and writes reminder_state; without it, the job throws as on a broken database.
            execute(bot, "ALTER TABLE reminder_state RENAME TO reminder_state_away");
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.app.database().read(c -> count(c,
                    "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME LIKE '%-retry-1'")) > 0);
            assertThat(bot.escalations(1)).noneMatch(e -> e.toString().contains("eng-lead"));
            execute(bot, "ALTER TABLE reminder_state_away RENAME TO reminder_state");

            await().atMost(Duration.ofSeconds(40)).until(() -> bot.escalations(1).stream()
                    .anyMatch(e -> e.toString().contains("eng-lead")));
        }
    }

    private static long count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
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
