package dev.incidentbot.bench;

import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.PlainTextRenderer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figure 7: {@code /incident run noop} (a diagnostic whose argv is {@code true}, approval none, no isolation) in an
 * open incident, open loop through the engine as a platform sends it, timed from the scheduled send to the result
 * message reaching the in-memory platform; beside a raw ProcessBuilder spawn of {@code true} (output read, exit
 * awaited) at the same rate in the same JVM. The figure is the difference of the medians.
 */
public final class RunnerOverheadFigure implements Figure {
    private static final double RATE = 20;
    private static final Pattern LABEL = Pattern.compile("Running (R\\d+)");
    private static final Pattern RESULT = Pattern.compile("🔧 (R\\d+) ·");
    private static final String DIAGNOSTICS = String.join("\n",
            "runner:",
            "  isolation: none",
            "diagnostics:",
            "  noop:",
            "    description: Does nothing, successfully",
            "    argv: [\"true\"]",
            "    timeout: 10s",
            "    approval: none",
            "");

    @Override
    public String title() {
        return "Runner overhead";
    }

    @Override
    public List<Row> run(RunSize size, Path dir) throws Exception {
        RecordingPlatform platform = new RecordingPlatform();
        Map<String, Long> resultArrivals = new ConcurrentHashMap<>();
        platform.onPost((conversation, message) -> {
            Matcher m = RESULT.matcher(PlainTextRenderer.render(message));
            if (m.find()) {
                resultArrivals.putIfAbsent(m.group(1), System.nanoTime());
            }
        });
        try (BotUnderTest bot = BotUnderTest.start(dir, BenchConfig.quiet("@oncall").with(DIAGNOSTICS),
                List.of(platform), false, Map.of())) {
            platform.command("alice", "#general", "sev2 checkout API returns 500s");
            int runs = size.runnerRuns();
            viaBot(platform, resultArrivals, Math.max(5, runs / 5));
            raw(Math.max(5, runs / 5));
            double[] ours = new double[size.repetitions()];
            double[] spawn = new double[size.repetitions()];
            double[] overhead = new double[size.repetitions()];
            int lost = 0;
            for (int rep = 0; rep < size.repetitions(); rep++) {
                Latencies bot1 = viaBot(platform, resultArrivals, runs);
                Latencies raw1 = raw(runs);
                lost += bot1.errors();
                ours[rep] = bot1.percentileMillis(50);
                spawn[rep] = raw1.percentileMillis(50);
                overhead[rep] = ours[rep] - spawn[rep];
            }
            Spread o = Spread.of(overhead);
            Spread viaBot = Spread.of(ours);
            Spread rawSpawn = Spread.of(spawn);
            Map<String, Object> numbers = new LinkedHashMap<>();
            numbers.put("runs_per_repetition", runs);
            numbers.put("rate_per_s", RATE);
            numbers.put("request_to_result_median_ms", ours);
            numbers.put("raw_spawn_median_ms", spawn);
            numbers.put("overhead_ms", overhead);
            numbers.put("no_result", lost);
            return List.of(new Row("7 Runner overhead (/incident run of `true`)", "< 5 ms over a raw spawn",
                    "overhead " + o.ms() + "; request to result posted " + Spread.number(viaBot.median()) + " ms"
                            + (lost > 0 ? "; " + lost + " without result" : ""),
                    "raw ProcessBuilder spawn of `true`: " + rawSpawn.ms(),
                    Row.ratio(viaBot.median(), rawSpawn.median()),
                    Verdict.of(o.median() < 5 && lost == 0, size), numbers));
        }
    }

    /** Request to result posted, per run, from each run's scheduled send. */
    private static Latencies viaBot(RecordingPlatform platform, Map<String, Long> arrivals, int count)
            throws InterruptedException {
        String[] labels = new String[count];
        OpenLoop.Result sent = OpenLoop.run(RATE, count, 4, () -> index -> {
            Ack ack = platform.command("alice", "#general", "run INC-1 noop");
            Matcher m = LABEL.matcher(ack instanceof Ack.Reply r ? PlainTextRenderer.render(r.message()) : "");
            if (!m.find()) {
                throw new IllegalStateException("run was not accepted: " + ack);
            }
            labels[index] = m.group(1);
            return true;
        });
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && !allArrived(arrivals, labels)) {
            Thread.sleep(10);
        }
        long[] latencies = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            Long at = labels[i] == null ? null : arrivals.get(labels[i]);
            if (at != null) {
                latencies[n++] = at - sent.due()[i];
            }
        }
        return new Latencies(java.util.Arrays.copyOf(latencies, n), count - n);
    }

    private static boolean allArrived(Map<String, Long> arrivals, String[] labels) {
        for (String label : labels) {
            if (label == null || !arrivals.containsKey(label)) {
                return false;
            }
        }
        return true;
    }

    private static Latencies raw(int count) throws InterruptedException {
        return OpenLoop.run(RATE, count, 4, () -> index -> {
            Process p = new ProcessBuilder("true").start();
            p.getInputStream().readAllBytes();
            p.getErrorStream().readAllBytes();
            return p.waitFor() == 0;
        }).latencies();
    }
}
