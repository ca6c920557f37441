package dev.incidentbot.bench;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.bot.incident.TimelineExporter;
import dev.incidentbot.chat.Person;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figure 5: the post-mortem export of one incident with a 10,000-event timeline, to Markdown and to JSON, with the
 * engine's own exporter on the bot's database; beside a plain query that reads the same rows (every column) and does
 * nothing with them. The events are written through the engine's transaction (hash chain included): notes, with an
 * update and a status change every ten.
 */
public final class ExportFigure implements Figure {

    @Override
    public String title() {
        return "Export";
    }

    @Override
    public List<Row> run(RunSize size, Path dir) throws Exception {
        RecordingPlatform platform = new RecordingPlatform();
        try (BotUnderTest bot = BotUnderTest.start(dir, BenchConfig.quiet("@oncall"), List.of(platform), false, Map.of())) {
            platform.command("alice", "#general", "sev2 checkout API returns 500s for a third of requests");
            long number = 1;
            Person alice = Person.of("alice");
            int events = size.exportEvents();
            for (int written = 1; written < events; ) {
                int batch = Math.min(1000, events - written);
                int from = written;
                bot.app().service().write(tx -> {
                    Incident i = tx.load(number);
                    for (int k = from; k < from + batch; k++) {
                        tx.event(i, alice, event(k));
                    }
                    return null;
                });
                written += batch;
            }
            Incident incident = bot.app().service().find(number).orElseThrow();
            TimelineExporter exporter = new TimelineExporter(bot.configured().config(), bot.configured().templates());
            Instant now = Instant.now();
            int[] sizes = new int[3];
            Timed markdown = c -> sizes[0] = exporter.markdown(c, incident, now).length();
            Timed json = c -> sizes[1] = exporter.json(c, incident, now).length();
            Timed query = c -> sizes[2] = plainQuery(c, number);
            for (int w = 0; w < size.exportWarmups(); w++) {
                time(bot, markdown);
                time(bot, json);
                time(bot, query);
            }
            List<Double> md = new ArrayList<>();
            List<Double> js = new ArrayList<>();
            List<Double> plain = new ArrayList<>();
            for (int rep = 0; rep < size.repetitions(); rep++) {
                md.add(time(bot, markdown));
                js.add(time(bot, json));
                plain.add(time(bot, query));
            }
            if (sizes[2] != events) {
                throw new IllegalStateException("expected " + events + " events, read " + sizes[2]);
            }
            return List.of(row("Markdown", md, plain, sizes[0], size), row("JSON", js, plain, sizes[1], size));
        }
    }

    private static Row row(String format, List<Double> export, List<Double> plain, int chars, RunSize size) {
        Spread e = Spread.of(export, v -> v);
        Spread q = Spread.of(plain, v -> v);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("events", size.exportEvents());
        numbers.put("export_ms", e.values());
        numbers.put("plain_query_ms", q.values());
        numbers.put("output_chars", chars);
        return new Row("5 Export of a " + String.format("%,d", size.exportEvents()) + "-event incident, " + format,
                "< 300 ms", e.ms() + "; " + String.format("%,d", chars) + " characters",
                "plain query reading the same rows: " + q.ms(), Row.ratio(e.median(), q.median()),
                Verdict.of(e.median() < 300, size), numbers);
    }

    private static TimelineEvent event(int k) {
        if (k % 10 == 3) {
            return new TimelineEvent.UpdatePosted("rolled back deploy " + k + "; error rate falling", "monitoring",
                    "a third of checkouts fail", "watch the error rate for 30 minutes", "30m");
        }
        if (k % 10 == 7) {
            return new TimelineEvent.StatusChanged("monitoring", "identified");
        }
        return new TimelineEvent.NoteAdded("checked the dashboards (" + k + "): p99 latency still above the SLO");
    }

    /** Every column of every event of the incident, read into strings and numbers; returns the row count. */
    private static int plainQuery(Connection c, long incident) throws SQLException {
        int rows = 0;
        long sink = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM timeline_event WHERE incident_id = ? ORDER BY seq")) {
            ps.setLong(1, incident);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink += rs.getLong("seq") + rs.getLong("occurred_at") + rs.getString("type").length()
                            + rs.getString("actor_id").length() + rs.getString("actor_name").length()
                            + rs.getString("payload").length() + rs.getString("prev_hash").length()
                            + rs.getString("hash").length();
                    rows++;
                }
            }
        }
        return sink == 0 ? -1 : rows;
    }

    @FunctionalInterface
    private interface Timed {
        void run(Connection c) throws SQLException;
    }

    /** Milliseconds for one run of {@code work} on a connection from the bot's pool, as the engine reads. */
    private static double time(BotUnderTest bot, Timed work) {
        return bot.app().database().read(c -> {
            long t = System.nanoTime();
            work.run(c);
            return (System.nanoTime() - t) / 1e6;
        });
    }
}
