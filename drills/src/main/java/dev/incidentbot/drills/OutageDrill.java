package dev.incidentbot.drills;

import dev.incidentbot.slack.testing.FakeSlackWebApi.Failure;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Slack down for 60 s (HTTP 500, then 429 with Retry-After) while people keep updating their incidents: nothing is lost,
 * order is kept, and the backlog drains within 5 s of Slack answering again.
 */
final class OutageDrill implements Drill {
    private static final int INCIDENTS = 8;

    public String name() {
        return "Slack outage of 60 s (500s, then 429 with Retry-After 3)";
    }

    public String target() {
        return "0 lost, order kept, drained <= 5 s after Slack recovers";
    }

    public DrillRow run(Path work, boolean quick) throws Exception {
        Duration outage = quick ? Duration.ofSeconds(4) : Duration.ofSeconds(60);
        Path data = work.resolve("data");
        Ledger ledger = new Ledger(data);
        try (Workspace slack = new Workspace()) {
            BotProcess bot = BotProcess.start(work, data, BotProcess.freePort(), slack.fake.apiUrl(), "bot");
            if (!bot.awaitReady(Duration.ofSeconds(90))) {
                throw new IllegalStateException("the bot did not start: " + bot.output());
            }
            for (int i = 1; i <= INCIDENTS; i++) {
                slack.command(bot.events(), "sev3 outage drill " + i);
            }
            awaitDrained(ledger, Duration.ofMinutes(2));

            long began = System.nanoTime();
            slack.fake.failFor(outage.multipliedBy(2).dividedBy(3), new Failure.ServerError(500));
            slack.fake.failFor(outage, new Failure.Ratelimited(3));
            List<String> acked = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                for (int i = 1; i <= INCIDENTS; i++) {
                    String marker = "o" + round + "i" + i + "x";
                    Optional<HttpResponse<String>> ack = slack.command(bot.events(), "INC-" + i + " update outage " + marker);
                    if (ack.isPresent() && ack.get().body().contains("Update posted")) {
                        acked.add(marker);
                    }
                }
            }
            long recovered = began + outage.toNanos();
            Thread.sleep(Math.max(0, (recovered - System.nanoTime()) / 1_000_000));
            awaitDrained(ledger, Duration.ofMinutes(3));
            double drain = (System.nanoTime() - recovered) / 1e9;
            bot.stop();

            long lost = acked.stream().filter(m -> slack.fake.channels().stream().flatMap(c -> c.messages().stream())
                    .noneMatch(msg -> msg.text().contains(m))).count();
            int outOfOrder = slack.outOfOrderChannels();
            String measured = String.format("%d updates acknowledged during the outage, %d lost, %d channels out of order; "
                    + "drained %.1f s after Slack recovered", acked.size(), lost, outOfOrder, drain);
            return new DrillRow(name(), target(), measured, DrillRow.Verdict.of(lost == 0 && outOfOrder == 0 && drain <= 5.0, quick));
        }
    }

    private static void awaitDrained(Ledger ledger, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (ledger.pendingDeliveries() > 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }
}
