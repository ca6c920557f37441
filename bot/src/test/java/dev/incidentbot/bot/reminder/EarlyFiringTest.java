package dev.incidentbot.bot.reminder;

import dev.incidentbot.bot.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Milestone;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.ReminderStateStore;
import dev.incidentbot.bot.template.TemplateRenderer;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quartz may fire a trigger a couple of milliseconds before its time. The benchmark (figure 3) caught that such an
 * early update reminder was followed by a second one at once: the reminder was recorded before the due time, so the
 * plan still saw the period as un-reminded. This pins the fix down.
 */
class EarlyFiringTest {
    private static final Instant DECLARED = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration EVERY = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void anUpdateReminderFiredEarlyIsNotRepeated() {
        BotConfig config = ConfigLoader.parse(String.join("\n",
                "storage:",
                "  path: \"" + dir.resolve("bot.db") + "\"",
                "severities:",
                "  sev2:",
                "    name: High",
                "    acknowledge_within: 1d",
                "    update_every: 60s",
                "    update_grace: 1d",
                "    escalation:",
                "      - after: 0m",
                "        notify: [\"@oncall\"]",
                ""));
        TemplateRenderer templates = TemplateRenderer.load(dir.resolve("no-templates")).renderer().orElseThrow();
        MutableClock clock = new MutableClock(DECLARED);
        Database db = Database.open(config.storagePath());
        Application app = new Application(config, templates, db, List.of(new InMemoryPlatform()), clock,
                Optional.empty(), Map.of());
        try {
            IncidentStore incidents = new IncidentStore();
            Person alice = Person.of("alice");
            Incident incident = new Incident(1, "memory", "checkout down", "sev2", Status.DECLARED, false, "", alice,
                    new ConversationRef("#general", "general"), "inc-1", DECLARED, Map.of(), new EnumMap<>(Milestone.class));
            db.inTransaction(c -> {
                incidents.insert(c, incident);
                incidents.setConversation(c, 1, new ConversationRef("#inc-1", "inc-1"));
                return null;
            });
            ReminderFiring firing = new ReminderFiring(app.service(), config);
            Instant due = DECLARED.plus(EVERY);

            clock.set(due.minusMillis(2));
            firing.fire(1, ReminderKind.UPDATE);
            clock.set(due.plusMillis(1));
            firing.fire(1, ReminderKind.UPDATE);

            int reminders = db.read(c -> {
                try (var ps = c.prepareStatement("SELECT COUNT(*) FROM timeline_event WHERE type = 'reminder_sent'");
                     var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(reminders).isEqualTo(1);
            Instant next = db.read(c -> new ReminderPlan(config).plan(incidents.find(c, 1).orElseThrow(),
                    new ReminderStateStore().find(c, 1), List.of()).get(ReminderKind.UPDATE));
            assertThat(next).isEqualTo(due.plus(EVERY));
        } finally {
            app.close();
        }
    }
}
