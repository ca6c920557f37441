package dev.incidentbot.bot.reminder;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.incident.Incident;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.template.TemplateRenderer;
import dev.incidentbot.bot.testing.DatabaseProbe;
import dev.incidentbot.bot.testing.TestStorage;
import dev.incidentbot.bot.timeline.TimelineEntry;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The real application on a temporary SQLite file and the in-memory chat platform, with helpers to read what the
 * reminder machinery did: timeline events, posts in the incident conversation and Quartz's trigger rows.
 */
final class ReminderBot implements AutoCloseable {
    final InMemoryPlatform chat = new InMemoryPlatform();
    final Application app;

    ReminderBot(Path dir, String yaml, Clock clock) {
        this(dir, TestStorage.SQLITE, yaml, clock);
    }

    ReminderBot(Path dir, TestStorage storage, String yaml, Clock clock) {
        BotConfig config = ConfigLoader.parse(yaml).withStoragePath(dir.resolve("bot.db"));
        TemplateRenderer templates = TemplateRenderer.load(dir.resolve("no-templates-here")).renderer().orElseThrow();
        app = new Application(config, templates, Database.open(storage.target(config.storagePath())), List.of(chat), clock,
                Optional.empty(), Map.of());
        app.start();
    }

    ReminderBot(Path dir, String yaml) {
        this(dir, TestStorage.SQLITE, yaml, Clock.systemUTC());
    }

    ReminderBot(Path dir, TestStorage storage, String yaml) {
        this(dir, storage, yaml, Clock.systemUTC());
    }

    /** Run {@code /incident <text>} as {@code person} in #general and return the bot's answer as text. */
    String command(String person, String text) {
        return dev.incidentbot.chat.PlainTextRenderer.render(
                ((dev.incidentbot.chat.Ack.Reply) chat.command(person, "#general", text)).message());
    }

    Incident incident(long number) {
        return app.service().find(number).orElseThrow();
    }

    /** Wait for the outbox to deliver everything written so far. */
    void drain() {
        if (!app.drain(Duration.ofSeconds(10))) {
            throw new AssertionError("outbox did not drain");
        }
    }

    List<TimelineEntry> timeline(long number) {
        return DatabaseProbe.timeline(app.database(), number);
    }

    List<TimelineEntry> events(long number, String type) {
        return timeline(number).stream().filter(e -> e.type().equals(type)).toList();
    }

    List<TimelineEvent.Escalated> escalations(long number) {
        return events(number, "escalated").stream().map(e -> (TimelineEvent.Escalated) TimelineStore.decode(e)).toList();
    }

    List<TimelineEvent.ReminderSent> reminders(long number) {
        return events(number, "reminder_sent").stream().map(e -> (TimelineEvent.ReminderSent) TimelineStore.decode(e)).toList();
    }

    /** Posts (plain text) in the incident conversation of INC-{@code number}. */
    List<String> posts(long number) {
        return chat.postsIn("#" + incident(number).conversationName());
    }

    List<String> posts(long number, String containing) {
        return posts(number).stream().filter(p -> p.contains(containing)).toList();
    }

    /** Quartz's pending triggers of INC-{@code number}: trigger name (the reminder kind) to next fire time. */
    Map<String, Instant> triggers(long number) {
        Map<String, Instant> out = new TreeMap<>();
        for (Object[] row : triggerRows()) {
            if (row[1].equals("incident-" + number) && row[2] != null) {
                out.put((String) row[0], Instant.ofEpochMilli((Long) row[2]));
            }
        }
        return out;
    }

    /** Every trigger row: name, group, next fire time (null once fired), state. */
    List<Object[]> triggerRows() {
        return app.database().read(c -> {
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT TRIGGER_NAME, TRIGGER_GROUP, NEXT_FIRE_TIME, TRIGGER_STATE "
                    + "FROM QRTZ_TRIGGERS WHERE SCHED_NAME = 'incident-bot' ORDER BY TRIGGER_GROUP, TRIGGER_NAME");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long next = rs.getLong(3);
                    rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.wasNull() || next < 0 ? null : next, rs.getString(4)});
                }
            }
            return rows;
        });
    }

    @Override
    public void close() {
        app.close();
    }
}
