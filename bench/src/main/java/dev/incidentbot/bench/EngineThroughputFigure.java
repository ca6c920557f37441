package dev.incidentbot.bench;

import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.PlainTextRenderer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figure 4: how many commands per second the engine completes, and how many timeline events it writes, with callers
 * pushing as fast as it answers (a capacity figure, so closed loop: {@value #CALLERS} callers, each on its own open
 * incident, through the command router as a platform calls it). The mix per ten commands: six notes, two updates
 * (each posts, refreshes the pinned summary and topic, and re-plans reminders) and two status changes.
 *
 * <p>The limit: raw single-row sqlite-jdbc commits with the same settings on the same disk, since every command is
 * one transaction.
 */
public final class EngineThroughputFigure implements Figure {
    private static final int CALLERS = 4;
    private static final Pattern INCIDENT = Pattern.compile("INC-(\\d+)");

    @Override
    public String title() {
        return "Engine throughput";
    }

    @Override
    public List<Row> run(RunSize size, Path dir) throws Exception {
        RecordingPlatform platform = new RecordingPlatform();
        try (BotUnderTest bot = BotUnderTest.start(dir, BenchConfig.quiet("@oncall"), List.of(platform), false, Map.of())) {
            List<Long> incidents = new ArrayList<>();
            for (int k = 0; k < CALLERS; k++) {
                Ack ack = platform.command("caller" + k, "#general", "sev2 throughput caller " + k);
                Matcher m = INCIDENT.matcher(PlainTextRenderer.render(((Ack.Reply) ack).message()));
                if (!m.find()) {
                    throw new IllegalStateException("declare did not answer with an incident id: " + ack);
                }
                incidents.add(Long.parseLong(m.group(1)));
            }
            load(bot, platform, incidents, size.throughputWarmup());
            RawSqliteCommits.run(dir.resolve("raw-warmup.db"), size.throughputWarmup());
            List<double[]> engine = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            for (int rep = 0; rep < size.repetitions(); rep++) {
                engine.add(load(bot, platform, incidents, size.throughputDuration()));
                raw.add(RawSqliteCommits.run(dir.resolve("raw.db"), size.throughputDuration()));
            }
            return List.of(row(engine, raw, size));
        }
    }

    private static Row row(List<double[]> engine, List<Double> raw, RunSize size) {
        Spread commands = Spread.of(engine, e -> e[0]);
        Spread events = Spread.of(engine, e -> e[1]);
        Spread late = Spread.of(engine, e -> e[2]);
        Spread commits = Spread.of(raw, r -> r);
        double[] paired = new double[engine.size()];
        for (int i = 0; i < paired.length; i++) {
            paired[i] = engine.get(i)[0] / raw.get(i);
        }
        Spread ratio = Spread.of(paired);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("commands_per_s", commands.values());
        numbers.put("timeline_events_per_s", events.values());
        numbers.put("late_acks", late.values());
        numbers.put("raw_commits_per_s", commits.values());
        numbers.put("ratio", paired);
        numbers.put("callers", CALLERS);
        numbers.put("seconds_per_run", size.throughputDuration().toMillis() / 1000.0);
        return new Row("4 Engine throughput (in-memory platform)", "≥ 0.5x raw commit rate",
                Spread.number(commands.median()) + " commands/s (" + Spread.number(commands.min()) + "–"
                        + Spread.number(commands.max()) + "); " + Spread.number(events.median()) + " timeline events/s"
                        + (late.max() > 0 ? "; " + Spread.number(late.max()) + " acks past 2 s" : ""),
                "raw single-row sqlite-jdbc commits, same settings and disk: " + Spread.number(commits.median())
                        + "/s (" + Spread.number(commits.min()) + "–" + Spread.number(commits.max()) + ")",
                Spread.number(ratio.median()) + "x (" + Spread.number(ratio.min()) + "–" + Spread.number(ratio.max()) + ")",
                Verdict.of(ratio.median() >= 0.5, size), numbers);
    }

    /** Runs the mix for {@code duration}; returns commands/s, timeline events/s, and late acknowledgements. */
    private static double[] load(BotUnderTest bot, RecordingPlatform platform, List<Long> incidents, Duration duration)
            throws InterruptedException {
        long eventsBefore = countEvents(bot);
        AtomicLong done = new AtomicLong();
        AtomicLong late = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> callers = new ArrayList<>();
        for (int k = 0; k < incidents.size(); k++) {
            String id = "INC-" + incidents.get(k);
            String person = "caller" + k;
            Thread t = new Thread(() -> {
                for (long n = 0; System.nanoTime() < end; n++) {
                    Ack ack = platform.command(person, "#general", command(id, n));
                    if (ack instanceof Ack.Reply r && PlainTextRenderer.render(r.message()).startsWith("Received;")) {
                        late.incrementAndGet();
                    }
                    done.incrementAndGet();
                }
            }, "caller-" + k);
            callers.add(t);
            t.start();
        }
        for (Thread t : callers) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long events = countEvents(bot) - eventsBefore;
        // Let the outbox catch up outside the measured window, so one repetition's backlog is not the next one's.
        bot.app().drain(Duration.ofSeconds(60));
        return new double[] {done.get() / seconds, events / seconds, late.get()};
    }

    private static String command(String id, long n) {
        switch ((int) (n % 10)) {
            case 3:
            case 8:
                return "update " + id + " rolled back the deploy, error rate falling status: " + (n % 20 < 10 ? "identified" : "monitoring");
            case 5:
                return "status " + id + " monitoring";
            case 9:
                return "status " + id + " identified";
            default:
                return "note " + id + " checked the dashboards, p99 latency still above the SLO on the checkout API";
        }
    }

    private static long countEvents(BotUnderTest bot) {
        return bot.app().database().read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM timeline_event"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
