package dev.incidentbot.drills;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar drills/target/incident-bot-drills.jar [--quick] [--out DIR]}: runs every drill of issue 12 against
 * the real bot in child processes, prints the Markdown table (target beside measurement) and writes it to
 * {@code DIR/latest.md} (default {@code drill-results/}). Exits non-zero only when a drill itself broke.
 */
public final class DrillsMain {
    public static final String COMMAND = "mvn -q -B -Pdrills package -DskipTests -pl drills -am && java -jar drills/target/incident-bot-drills.jar";

    private DrillsMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        String only = "";
        Path out = Path.of("drill-results").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                case "--only" -> only = args[++i];
                default -> {
                    System.err.println("usage: incident-bot-drills [--quick] [--only WORD] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        List<Drill> drills = List.of(new KillDrill(), new OutageDrill(), new DiskFullDrill(), new SecondProcessDrill());
        List<DrillRow> rows = new ArrayList<>();
        long began = System.nanoTime();
        for (Drill drill : drills) {
            if (!only.isEmpty() && !drill.name().toLowerCase(java.util.Locale.ROOT).contains(only.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            Path work = Files.createTempDirectory("incident-bot-drill-");
            System.err.printf("drill: %s...%n", drill.name());
            long t = System.nanoTime();
            try {
                rows.add(drill.run(work, quick));
            } catch (Exception | AssertionError e) {
                rows.add(new DrillRow(drill.name(), drill.target(), "the drill broke: " + e, DrillRow.Verdict.FAILED));
                System.err.println("  logs in " + work);
            }
            System.err.printf("  done in %.1f s%n", (System.nanoTime() - t) / 1e9);
        }
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(date).append(" (").append(quick ? "--quick: checks the drills run, numbers mean nothing" : "full run")
                .append(String.format(", %.0f s", (System.nanoTime() - began) / 1e9)).append("), `").append(COMMAND)
                .append(quick ? " --quick" : "").append("`\n\n");
        md.append("| drill | target | measured | verdict |\n| --- | --- | --- | --- |\n");
        for (DrillRow r : rows) {
            md.append("| ").append(cell(r.drill())).append(" | ").append(cell(r.target())).append(" | ")
                    .append(cell(r.measured())).append(" | ")
                    .append(r.verdict() == DrillRow.Verdict.MISSED ? "**MISSED**" : r.verdict().word()).append(" |\n");
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("latest.md"), md);
        System.out.println(md);
        long failed = rows.stream().filter(r -> r.verdict() == DrillRow.Verdict.FAILED).count();
        long cannot = rows.stream().filter(r -> r.verdict() == DrillRow.Verdict.CANNOT_RUN).count();
        System.out.println("drills: " + (rows.size() - failed - cannot) + " ran, " + failed + " failed, " + cannot
                + " could not run here");
        System.exit(failed > 0 ? 1 : 0);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
