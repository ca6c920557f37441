package dev.incidentbot.bot.reminder;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.template.TemplateRenderer;
import dev.incidentbot.bot.testing.DatabaseProbe;
import dev.incidentbot.bot.testing.ManualReminderTimer;
import dev.incidentbot.bot.testing.MutableClock;
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
 * The real application on a temporary SQLite file (or PostgreSQL) and the in-memory chat platform, with its reminder
 * jobs in Quartz on the wall clock or, from {@link #manual}, in a {@link ManualReminderTimer} on a test clock; with
 * helpers to read what the reminder machinery did: timeline events, posts in the incident conversation, planned jobs.
 */
final class ReminderBot implements AutoCloseable {
    final InMemoryPlatform chat = new InMemoryPlatform();
    final Application app;
    /** Where the jobs are: Quartz, or the manual timer that {@link #advance} drives. */
    private final Optional<ReminderScheduler> quartz;
    private final Optional<ManualReminderTimer> manual;

    ReminderBot(Path dir, String yaml, Clock clock) {
        this(dir, TestStorage.SQLITE, yaml, clock);
    }

    ReminderBot(Path dir, TestStorage storage, String yaml, Clock clock) {
        this(dir, storage, yaml, clock, Optional.empty());
    }

    private ReminderBot(Path dir, TestStorage storage, String yaml, Clock clock, Optional<ManualReminderTimer> manual) {
        BotConfig config = ConfigLoader.parse(yaml).withStoragePath(dir.resolve("bot.db"));
        TemplateRenderer templates = TemplateRenderer.load(dir.resolve("no-templates-here")).renderer().orElseThrow();
        Database db = Database.open(storage.target(config.storagePath()));
        this.manual = manual;
        this.quartz = manual.isPresent() ? Optional.empty() : Optional.of(new ReminderScheduler(db));
        ReminderTimer timer = manual.isPresent() ? manual.get() : quartz.get();
        app = new Application(config, templates, db, List.of(chat), clock, Optional.empty(), Map.of(), System.getenv(),
                timer);
        app.start();
    }

    /** The bot with its reminders on a manual timer: time moves only through {@link #advance}, jobs run at once. */
    static ReminderBot manual(Path dir, TestStorage storage, String yaml, MutableClock clock) {
        return new ReminderBot(dir, storage, yaml, clock, Optional.of(new ManualReminderTimer(clock)));
    }

    /**
     * Move the test clock by {@code d}, running the reminder jobs due on the way, and deliver what they wrote. What
     * was written before goes out first, as it would while real time passes (an escalation links the incident's
     * conversation only once it exists).
     */
    void advance(Duration d) {
        ManualReminderTimer timer = manual.orElseThrow(() -> new IllegalStateException("this bot's reminders run in Quartz"));
        drain();
        timer.advance(d);
        drain();
    }

    /** The Quartz scheduler behind this bot's reminders, for tests that watch or disturb its triggers. */
    org.quartz.Scheduler quartz() {
        return quartz.orElseThrow(() -> new IllegalStateException("this bot's reminders run on a manual timer")).quartz();
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

    /** INC-{@code number}'s pending reminder jobs (Quartz triggers): name (the reminder kind) to next fire time. */
    Map<String, Instant> triggers(long number) {
        if (manual.isPresent()) {
            return manual.get().planned(number);
        }
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
