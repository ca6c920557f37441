package dev.incidentbot.bench;

import dev.incidentbot.slack.SlackPlatform;
import dev.incidentbot.slack.SlackSettings;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figure 1: signed {@code /incident help} at fixed rates against the bot's real Jetty, Slack endpoint and signature
 * check, beside a bare servlet mounted on the same Jetty (same connector, same threads) reading the same body. The two
 * alternate within each repetition so that the machine's noise falls on both.
 */
public final class SlackAckFigure implements Figure {
    static final String SECRET = "bench0signing0secret0000000000ab";
    static final String USER = "U0BENCH01";

    @Override
    public String title() {
        return "Slack ack latency";
    }

    @Override
    public List<Row> run(RunSize size, Path dir) throws Exception {
        try (FakeSlackWebApi fake = FakeSlackWebApi.start()) {
            fake.addUser(USER, "bench-user", "bench@example.org");
            String channel = fake.addChannel("incidents", USER);
            SlackPlatform slack = new SlackPlatform(SlackSettings.of(FakeSlackWebApi.TOKEN, SECRET)
                    .withApiUrl(fake.apiUrl()));
            try (BotUnderTest bot = BotUnderTest.start(dir, BenchConfig.quiet(USER), List.of(slack), true,
                    Map.of("/slack/events", slack.servlet(), "/bare", new BareFormServlet()))) {
                byte[] body = SignedSlashCommands.body("help", USER, channel, fake.newResponseUrl(), "trigger.bench");
                SignedSlashCommands signer = new SignedSlashCommands(SECRET);
                Load bare = new Load(bot.port(), "/bare", body, signer);
                Load ours = new Load(bot.port(), "/slack/events", body, signer);
                bare.run(500, size.ackWarmup());
                ours.run(500, size.ackWarmup());
                Map<Integer, List<Latencies>> bareRuns = new LinkedHashMap<>();
                Map<Integer, List<Latencies>> ourRuns = new LinkedHashMap<>();
                for (int rep = 0; rep < size.repetitions(); rep++) {
                    for (int rate : size.ackRates()) {
                        // Alternate which goes first, so neither always follows the other's garbage.
                        boolean bareFirst = rep % 2 == 0;
                        Latencies a = (bareFirst ? bare : ours).run(rate, size.ackDuration());
                        Latencies b = (bareFirst ? ours : bare).run(rate, size.ackDuration());
                        bareRuns.computeIfAbsent(rate, r -> new ArrayList<>()).add(bareFirst ? a : b);
                        ourRuns.computeIfAbsent(rate, r -> new ArrayList<>()).add(bareFirst ? b : a);
                    }
                }
                List<Row> rows = new ArrayList<>();
                for (int rate : size.ackRates()) {
                    rows.add(row(rate, ourRuns.get(rate), bareRuns.get(rate), size));
                }
                return rows;
            }
        }
    }

    private static Row row(int rate, List<Latencies> ours, List<Latencies> bare, RunSize size) {
        Spread p50 = Spread.of(ours, l -> l.percentileMillis(50));
        Spread p99 = Spread.of(ours, l -> l.percentileMillis(99));
        Spread p999 = Spread.of(ours, l -> l.percentileMillis(99.9));
        Spread bareP50 = Spread.of(bare, l -> l.percentileMillis(50));
        Spread bareP99 = Spread.of(bare, l -> l.percentileMillis(99));
        Spread bareP999 = Spread.of(bare, l -> l.percentileMillis(99.9));
        double[] paired = new double[ours.size()];
        for (int i = 0; i < paired.length; i++) {
            paired[i] = ours.get(i).percentileMillis(99) / bare.get(i).percentileMillis(99);
        }
        Spread ratio = Spread.of(paired);
        int errors = ours.stream().mapToInt(Latencies::errors).sum();
        int bareErrors = bare.stream().mapToInt(Latencies::errors).sum();
        boolean met = ratio.median() <= 2.0 && errors == 0 && (rate != 100 || p99.median() < 20);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("rate_per_s", rate);
        numbers.put("p50_ms", p50.values());
        numbers.put("p99_ms", p99.values());
        numbers.put("p999_ms", p999.values());
        numbers.put("bare_p50_ms", bareP50.values());
        numbers.put("bare_p99_ms", bareP99.values());
        numbers.put("bare_p999_ms", bareP999.values());
        numbers.put("p99_ratio", paired);
        numbers.put("errors", errors);
        numbers.put("requests_per_run", ours.get(0).count());
        return new Row("1 Slack ack, " + rate + " req/s", "p99 ≤ 2x bare servlet's"
                + (rate == 100 ? "; < 20 ms (issue 5)" : ""),
                "p99 " + p99.ms() + "; p50 " + Spread.number(p50.median()) + ", p99.9 " + Spread.number(p999.median())
                        + " ms" + (errors > 0 ? "; " + errors + " errors" : ""),
                "bare p99 " + bareP99.ms() + "; p50 " + Spread.number(bareP50.median()) + ", p99.9 "
                        + Spread.number(bareP999.median()) + " ms" + (bareErrors > 0 ? "; " + bareErrors + " errors" : ""),
                "p99 " + Spread.number(ratio.median()) + "x (" + Spread.number(ratio.min()) + "–"
                        + Spread.number(ratio.max()) + ")",
                Verdict.of(met, size), numbers);
    }

    /** Open-loop signed POSTs of one body to one path. */
    private record Load(int port, String path, byte[] body, SignedSlashCommands signer) {
        Latencies run(int rate, Duration duration) throws InterruptedException {
            int count = (int) Math.max(1, rate * duration.toMillis() / 1000);
            int senders = Math.max(8, rate / 25);
            return OpenLoop.run(rate, count, senders, () -> {
                HttpConnection connection = new HttpConnection("127.0.0.1", port);
                return new OpenLoop.Sender() {
                    @Override
                    public boolean send(int index) throws Exception {
                        return connection.post(path, SignedSlashCommands.FORM, signer.headers(body), body) == 200;
                    }

                    @Override
                    public void close() {
                        connection.close();
                    }
                };
            }).latencies();
        }
    }
}
