package dev.incidentbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.incidentbot.bot.runner.DiagnosticRunner;
import dev.incidentbot.bot.runner.DiagnosticsConfigParser;
import dev.incidentbot.bot.runner.ParsedDiagnostics;
import dev.incidentbot.bot.runner.Preparation;
import dev.incidentbot.bot.runner.ProcessSandbox;
import dev.incidentbot.bot.runner.RunListener;
import dev.incidentbot.bot.runner.RunRequest;
import dev.incidentbot.bot.runner.RunResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figure 7, as far as main allows: the diagnostics runner is merged, but {@code /incident run} is not wired into the
 * engine yet (the engine answers "Diagnostics are not enabled"), so request-to-result-posted cannot be measured. What
 * is measured is the runner's own share: a diagnostic whose argv is {@code true}, checked, submitted and run through
 * the {@link DiagnosticRunner} with the default (unisolated) sandbox until its result is ready, minus a raw
 * ProcessBuilder spawn of {@code true} whose output is read and whose exit is awaited, alternating, in this JVM.
 */
public final class RunnerOverheadFigure implements Figure {
    private static final String CONFIG = String.join("\n",
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
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(CONFIG);
        ParsedDiagnostics parsed = DiagnosticsConfigParser.parse(root.path("diagnostics"), root.path("runner"));
        if (!(parsed instanceof ParsedDiagnostics.Valid)) {
            throw new IllegalStateException("diagnostics config rejected: " + ((ParsedDiagnostics.Invalid) parsed).problems());
        }
        ParsedDiagnostics.Valid valid = (ParsedDiagnostics.Valid) parsed;
        try (DiagnosticRunner runner = new DiagnosticRunner(valid.settings(), new ProcessSandbox(valid.settings()),
                RunListener.NONE)) {
            int runs = size.runnerRuns();
            for (int w = 0; w < Math.max(5, runs / 5); w++) {
                viaRunner(runner, valid, "w" + w);
                raw();
            }
            double[] overheadMedians = new double[size.repetitions()];
            double[] runnerMedians = new double[size.repetitions()];
            double[] rawMedians = new double[size.repetitions()];
            for (int rep = 0; rep < size.repetitions(); rep++) {
                long[] ours = new long[runs];
                long[] spawn = new long[runs];
                for (int i = 0; i < runs; i++) {
                    ours[i] = viaRunner(runner, valid, rep + "-" + i);
                    spawn[i] = raw();
                }
                runnerMedians[rep] = new Latencies(ours, 0).percentileMillis(50);
                rawMedians[rep] = new Latencies(spawn, 0).percentileMillis(50);
                overheadMedians[rep] = runnerMedians[rep] - rawMedians[rep];
            }
            Spread overhead = Spread.of(overheadMedians);
            Spread viaRunner = Spread.of(runnerMedians);
            Spread rawSpawn = Spread.of(rawMedians);
            Map<String, Object> numbers = new LinkedHashMap<>();
            numbers.put("runs_per_repetition", runs);
            numbers.put("runner_median_ms", runnerMedians);
            numbers.put("raw_spawn_median_ms", rawMedians);
            numbers.put("overhead_ms", overheadMedians);
            return List.of(new Row("7 Runner overhead (runner only; /incident run not wired into the engine yet)",
                    "< 5 ms over a raw spawn",
                    "overhead " + overhead.ms() + "; `true` through the runner " + Spread.number(viaRunner.median())
                            + " ms; request-to-result-posted not measured",
                    "raw ProcessBuilder spawn of `true`: " + rawSpawn.ms(),
                    Row.ratio(viaRunner.median(), rawSpawn.median()),
                    Verdict.of(overhead.median() < 5, size), numbers));
        }
    }

    private static long viaRunner(DiagnosticRunner runner, ParsedDiagnostics.Valid valid, String id) throws Exception {
        long t = System.nanoTime();
        Preparation p = valid.catalog().prepare("noop", List.of());
        if (!(p instanceof Preparation.Ready)) {
            throw new IllegalStateException("noop refused: " + p);
        }
        RunResult result = runner.submit(new RunRequest("bench-" + id, "INC-1", ((Preparation.Ready) p).command()))
                .get(30, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - t;
        if (result.exitCode().orElse(-1) != 0) {
            throw new IllegalStateException("noop did not exit 0: " + result.statusLine());
        }
        return elapsed;
    }

    private static long raw() throws Exception {
        long t = System.nanoTime();
        Process p = new ProcessBuilder("true").start();
        p.getInputStream().readAllBytes();
        p.getErrorStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("true failed");
        }
        return System.nanoTime() - t;
    }
}
