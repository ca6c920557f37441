package dev.incidentbot.bench;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code java -jar bench/target/incident-bot-bench.jar [--quick] [--only 1,3] [--out DIR]}: runs every figure of
 * issue 7, each in its own JVM, prints the Markdown table and writes {@code DIR/latest.json} and {@code latest.md}
 * (default {@code bench-results/}). Exits non-zero only when the harness itself failed; a missed target is a result.
 */
public final class BenchMain {
    public static final String COMMAND = "mvn -q -B -Pbench package -DskipTests && java -jar bench/target/incident-bot-bench.jar";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<Integer> only = new LinkedHashSet<>();
        Path out = Locations.root().resolve("bench-results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    quick = true;
                    break;
                case "--only":
                    for (String n : args[++i].split(",")) {
                        only.add(Integer.parseInt(n.trim()));
                    }
                    break;
                case "--out":
                    out = Path.of(args[++i]).toAbsolutePath();
                    break;
                default:
                    System.err.println("usage: incident-bot-bench [--quick] [--only 1,3,...] [--out DIR]");
                    System.exit(2);
            }
        }
        RunSize size = RunSize.of(quick);
        String machine = Machine.describe();
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        List<Row> rows = new ArrayList<>();
        long began = System.nanoTime();
        for (Map.Entry<Integer, Supplier<Figure>> f : Figures.all().entrySet()) {
            if (!only.isEmpty() && !only.contains(f.getKey())) {
                continue;
            }
            Figure figure = f.getValue().get();
            String title = figure.title();
            long t = System.nanoTime();
            System.err.printf("figure %d (%s)...%n", f.getKey(), title);
            List<Row> figureRows = FigureProcess.run(f.getKey(), title, size, out, figure.budget(size));
            System.err.printf("figure %d done in %.1f s%n", f.getKey(), (System.nanoTime() - t) / 1e9);
            rows.addAll(figureRows);
        }
        String command = COMMAND + (quick ? " --quick" : "");
        Report report = new Report(date, (quick ? "--quick: checks the harness, numbers mean nothing" : "full run")
                + String.format(", %.0f s", (System.nanoTime() - began) / 1e9), machine, command, rows);
        report.write(out);
        System.out.println(report.markdown());
        System.out.println("Written to " + out.resolve("latest.json") + " and " + out.resolve("latest.md"));
        // One plain closing line for CI: did each figure's harness run (a missed target still counts as run)?
        long failed = rows.stream().filter(r -> r.verdict() == Verdict.FAILED).count();
        long skipped = rows.stream().filter(r -> r.verdict() == Verdict.NOT_MEASURED).count();
        System.out.println("bench: " + (rows.size() - failed - skipped) + " passed, " + failed + " failed, " + skipped
                + " skipped");
        System.exit(failed > 0 ? 1 : 0);
    }
}
