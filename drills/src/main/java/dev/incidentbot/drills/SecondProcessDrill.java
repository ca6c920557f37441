package dev.incidentbot.drills;

import java.nio.file.Path;
import java.time.Duration;

/** A second bot on the same data directory (another port): refused at start-up, exit 2, naming the file and the holder. */
final class SecondProcessDrill implements Drill {
    public String name() {
        return "second process on the same database";
    }

    public String target() {
        return "refused, exit 2, named";
    }

    public DrillRow run(Path work, boolean quick) throws Exception {
        Path data = work.resolve("data");
        try (Workspace slack = new Workspace()) {
            BotProcess first = BotProcess.start(work, data, BotProcess.freePort(), slack.fake.apiUrl(), "first");
            if (!first.awaitReady(Duration.ofSeconds(90))) {
                throw new IllegalStateException("the first bot did not start: " + first.output());
            }
            BotProcess second = BotProcess.start(work, data, BotProcess.freePort(), slack.fake.apiUrl(), "second");
            int exit = second.waitForExit(Duration.ofSeconds(90));
            String said = second.output().strip();
            boolean named = said.contains(data.resolve("incident-bot.db").toAbsolutePath().toString())
                    && said.contains("pid " + first.pid());
            boolean firstRuns = first.alive();
            first.stop();
            String measured = exit == -1 ? "both ran (the second was still running after 90 s)"
                    : "exit " + exit + (named ? ", named the file and pid " + first.pid() : ", said: " + said)
                    + (firstRuns ? "; the first kept running" : "; the first had stopped");
            return new DrillRow(name(), target(), measured, DrillRow.Verdict.of(exit == 2 && named && firstRuns, quick));
        }
    }
}
