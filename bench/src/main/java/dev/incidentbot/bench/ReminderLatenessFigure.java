package dev.incidentbot.bench;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.bot.core.Milestone;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figure 3: N open sev2 incidents whose update reminders fall due evenly over one cadence period P (10,000 over a
 * minute), on the real Quartz JDBC job store, firing through the engine and the outbox to an in-memory platform.
 * Lateness is each reminder post's arrival at the platform minus its due time.
 *
 * <p>Reminders repeat every P after the last one, so the run measures consecutive periods: the first is warm-up (it
 * may overlap the tail of the set-up), the next ones are the repetitions. The due time of a repeat is the previous
 * reminder's time (its timeline event) plus P, which is exactly what the bot plans. Acknowledge deadlines and overdue
 * escalations are set a day out, so every post in an incident conversation is an update reminder.
 *
 * <p>The limit: a plain JDK ScheduledThreadPoolExecutor given the same N due times per period, in the same JVM at the
 * same time, recording its own lateness.
 */
public final class ReminderLatenessFigure implements Figure {
    private static final int CHUNK = 200;

    @Override
    public String title() {
        return "Reminder lateness";
    }

    @Override
    public List<Row> run(RunSize size, Path dir) throws Exception {
        int n = size.reminderIncidents();
        Duration period = size.reminderPeriod();
        BenchConfig config = new BenchConfig(Duration.ofDays(1), period, Duration.ofDays(1), "@oncall");
        RecordingPlatform platform = new RecordingPlatform();
        try (BotUnderTest bot = BotUnderTest.start(dir, config, List.of(platform), false, Map.of())) {
            IncidentService service = bot.app().service();
            Database db = bot.app().database();
            long spacingMicros = period.toNanos() / 1000 / n;
            // Calibrate on the first chunk (planned an hour out), then put every due time where set-up finishes first.
            long t = System.nanoTime();
            create(service, db, 0, CHUNK, Instant.now().plus(Duration.ofHours(1)), spacingMicros, period);
            double perSecond = CHUNK / ((System.nanoTime() - t) / 1e9);
            Instant t0 = Instant.now().plusMillis((long) ((n - CHUNK) / perSecond * 1300) + 3000);
            redate(service, db, CHUNK, t0, spacingMicros, period);
            for (int from = CHUNK; from < n; from += CHUNK) {
                create(service, db, from, Math.min(CHUNK, n - from), t0, spacingMicros, period);
            }
            Instant setupDone = Instant.now();
            int periods = 1 + size.repetitions();
            JdkTimerBaseline baseline = new JdkTimerBaseline();
            List<Latencies> limits = new ArrayList<>();
            ProcessStats.Sampler stats;
            sleepUntil(t0.plus(period));
            stats = ProcessStats.self().sample(200);
            for (int rep = 0; rep < size.repetitions(); rep++) {
                limits.add(baseline.run(n, period));
            }
            stats.close();
            // Let the last period's reminders land.
            Thread.sleep(Math.min(5000, period.toMillis() / 2));
            baseline.close();
            ReminderPosts.Measured measured = measure(bot, platform, n, period, periods);
            return List.of(row(measured, limits, stats, setupDone.isAfter(t0), perSecond, size));
        }
    }

    private static Row row(ReminderPosts.Measured m, List<Latencies> limits, ProcessStats.Sampler stats, boolean setupLate,
                           double setupRate, RunSize size) {
        List<Latencies> reps = m.byPeriod().subList(1, m.byPeriod().size());
        Spread p50 = Spread.of(reps, l -> l.percentileMillis(50));
        Spread p99 = Spread.of(reps, l -> l.percentileMillis(99));
        Spread max = Spread.of(reps, Latencies::maxMillis);
        Spread limitP99 = Spread.of(limits, l -> l.percentileMillis(99));
        Spread limitMax = Spread.of(limits, Latencies::maxMillis);
        int missing = reps.stream().mapToInt(Latencies::errors).sum();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("incidents", size.reminderIncidents());
        numbers.put("period_s", size.reminderPeriod().toSeconds());
        numbers.put("p50_ms", p50.values());
        numbers.put("p99_ms", p99.values());
        numbers.put("max_ms", max.values());
        numbers.put("warmup_period_p99_ms", m.byPeriod().get(0).percentileMillis(99));
        numbers.put("missing", missing);
        numbers.put("duplicates", m.duplicates());
        numbers.put("cpu_cores", stats.cores());
        numbers.put("rss_max_mib", stats.maxRssMiB());
        numbers.put("limit_p99_ms", limitP99.values());
        numbers.put("limit_max_ms", limitMax.values());
        numbers.put("setup_incidents_per_s", setupRate);
        numbers.put("setup_finished_after_first_due", setupLate);
        String counts = (missing > 0 ? "; " + missing + " due but never posted" : "")
                + (m.duplicates() > 0 ? "; " + m.duplicates() + " duplicate reminders" : "");
        return new Row("3 Reminder lateness, " + String.format("%,d", size.reminderIncidents()) + " incidents due over "
                + size.reminderPeriod().toSeconds() + " s", "p99 < 1 s",
                "p99 " + p99.ms() + "; p50 " + Spread.number(p50.median()) + ", max " + Spread.number(max.median())
                        + " ms" + counts + "; CPU " + String.format("%.2f", stats.cores()) + " cores, RSS max "
                        + String.format("%.0f", stats.maxRssMiB()) + " MiB",
                "plain JDK scheduler, same due times: p99 " + limitP99.ms() + ", max "
                        + Spread.number(limitMax.median()) + " ms",
                Row.ratio(p99.median(), limitP99.median()),
                Verdict.of(p99.median() < 1000 && missing == 0, size), numbers);
    }

    /**
     * Incidents {@code from .. from+count-1}, first update due at {@code t0 + index * spacing}: written straight to
     * the stores (the engine's unit of work has no way to back-date a declaration), then re-planned by the engine.
     */
    private static void create(IncidentService service, Database db, int from, int count, Instant t0,
                               long spacingMicros, Duration period) {
        IncidentStore incidents = new IncidentStore();
        TimelineStore timeline = new TimelineStore();
        Person declarer = Person.of("bench-declarer");
        ConversationRef origin = new ConversationRef("#incidents", "incidents");
        List<Incident> made = db.inTransaction(c -> {
            List<Incident> out = new ArrayList<>();
            for (int k = from; k < from + count; k++) {
                long number = incidents.nextNumber(c);
                String name = "inc-bench-" + number;
                Incident i = new Incident(number, "memory", "bench reminder " + k, "sev2", Status.DECLARED, false, "",
                        declarer, origin, name, declaredAt(t0, k, spacingMicros, period), Map.of(),
                        new EnumMap<>(Milestone.class));
                incidents.insert(c, i);
                incidents.setConversation(c, number, new ConversationRef("#" + name, name));
                timeline.append(c, number, declarer, Instant.now(), new TimelineEvent.Declared(i.title(), "sev2", false, "", name));
                out.add(i);
            }
            return out;
        });
        service.write(tx -> {
            made.forEach(tx::touched);
            return null;
        });
    }

    /** Moves the calibration chunk's due times to their place after {@code t0}, and re-plans them. */
    private static void redate(IncidentService service, Database db, int count, Instant t0, long spacingMicros,
                               Duration period) {
        List<Long> moved = db.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT id, title FROM incident WHERE title LIKE 'bench reminder %'")) {
                try (var rs = ps.executeQuery()) {
                    List<long[]> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(new long[] {rs.getLong(1), Long.parseLong(rs.getString(2).substring(15))});
                    }
                    for (long[] r : rows) {
                        try (var up = c.prepareStatement("UPDATE incident SET declared_at = ? WHERE id = ?")) {
                            up.setLong(1, declaredAt(t0, (int) r[1], spacingMicros, period).toEpochMilli());
                            up.setLong(2, r[0]);
                            up.executeUpdate();
                        }
                        ids.add(r[0]);
                    }
                }
            }
            return ids;
        });
        service.write(tx -> {
            for (long id : moved) {
                tx.touched(tx.load(id));
            }
            return null;
        });
    }

    private static Instant declaredAt(Instant t0, int index, long spacingMicros, Duration period) {
        return t0.plusNanos(index * spacingMicros * 1000).minus(period);
    }


    /**
     * Lateness per period: post k of an incident is due at declared_at + P (k = 0) or at reminder k-1's timeline time
     * + P. Reminders due before the end of the run that never arrived count as missing.
     */
    private static ReminderPosts.Measured measure(BotUnderTest bot, RecordingPlatform platform, int n, Duration period, int periods) {
        Map<String, Long> declared = new HashMap<>();
        Map<String, List<Long>> reminded = new HashMap<>();
        bot.app().database().read(c -> {
            try (var ps = c.prepareStatement("SELECT id, conversation_id, declared_at FROM incident");
                 var rs = ps.executeQuery()) {
                while (rs.next()) {
                    declared.put(rs.getString(2), rs.getLong(3));
                }
            }
            try (var ps = c.prepareStatement("SELECT i.conversation_id, t.occurred_at FROM timeline_event t "
                    + "JOIN incident i ON i.id = t.incident_id WHERE t.type = 'reminder_sent' ORDER BY t.incident_id, t.seq");
                 var rs = ps.executeQuery()) {
                while (rs.next()) {
                    reminded.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
                }
            }
            return null;
        });
        return ReminderPosts.pair(declared, reminded, platform.posts(), period, periods,
                Instant.now().toEpochMilli() * 1000 - 2_000_000);
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
