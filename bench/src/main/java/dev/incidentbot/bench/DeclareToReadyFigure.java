package dev.incidentbot.bench;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import dev.incidentbot.slack.SlackPlatform;
import dev.incidentbot.slack.SlackSettings;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Figure 2: signed {@code /incident sev2 ...} declares, open loop, through the real Slack platform and engine against
 * the fake Web API answering at once. Each declare's time runs from its scheduled send to the last of its side effects
 * as the fake recorded them: channel created, topic set, people invited, initial message posted and pinned.
 *
 * <p>The limit is the same request and the same five Web API calls made back to back by a plain slack-api-client,
 * with no engine, database or outbox in between.
 */
public final class DeclareToReadyFigure implements Figure {
    private static final String ONCALL = "U0ONCALL1";
    private static final Set<String> READY_METHODS = Set.of("conversations.setTopic", "conversations.invite",
            "chat.postMessage", "pins.add");

    @Override
    public String title() {
        return "Declare to ready";
    }

    @Override
    public List<Row> run(RunSize size, Path dir) throws Exception {
        try (FakeSlackWebApi fake = FakeSlackWebApi.start()) {
            fake.addUser(SlackAckFigure.USER, "bench-user", "bench@example.org");
            fake.addUser(ONCALL, "oncall", "oncall@example.org");
            String origin = fake.addChannel("incidents", SlackAckFigure.USER);
            SlackPlatform slack = new SlackPlatform(SlackSettings.of(FakeSlackWebApi.TOKEN, SlackAckFigure.SECRET)
                    .withApiUrl(fake.apiUrl()));
            SlackConfig clientConfig = new SlackConfig();
            clientConfig.setMethodsEndpointUrlPrefix(fake.apiUrl().toString());
            clientConfig.setStatsEnabled(false);
            Slack plain = Slack.getInstance(clientConfig);
            try (BotUnderTest bot = BotUnderTest.start(dir, BenchConfig.quiet(ONCALL), List.of(slack), true,
                    Map.of("/slack/events", slack.servlet(), "/bare", new BareFormServlet()))) {
                SignedSlashCommands signer = new SignedSlashCommands(SlackAckFigure.SECRET);
                MethodsClient methods = plain.methods(FakeSlackWebApi.TOKEN);
                declares(bot, fake, signer, origin, "w", size.declareWarmup(), size.declareRate());
                limit(bot, fake, signer, methods, origin, "w", size.declareWarmup(), size.declareRate());
                List<Latencies> ours = new ArrayList<>();
                List<Latencies> limits = new ArrayList<>();
                for (int rep = 1; rep <= size.repetitions(); rep++) {
                    ours.add(declares(bot, fake, signer, origin, "r" + rep, size.declares(), size.declareRate()));
                    limits.add(limit(bot, fake, signer, methods, origin, "r" + rep, size.declares(), size.declareRate()));
                }
                plain.close();
                return List.of(row(ours, limits, size));
            }
        }
    }

    private static Row row(List<Latencies> ours, List<Latencies> limits, RunSize size) {
        Spread median = Spread.of(ours, l -> l.percentileMillis(50));
        Spread p99 = Spread.of(ours, l -> l.percentileMillis(99));
        Spread limitMedian = Spread.of(limits, l -> l.percentileMillis(50));
        Spread limitP99 = Spread.of(limits, l -> l.percentileMillis(99));
        int missing = ours.stream().mapToInt(Latencies::errors).sum();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("declares_per_run", size.declares());
        numbers.put("rate_per_s", size.declareRate());
        numbers.put("median_ms", median.values());
        numbers.put("p99_ms", p99.values());
        numbers.put("limit_median_ms", limitMedian.values());
        numbers.put("limit_p99_ms", limitP99.values());
        numbers.put("not_ready", missing);
        return new Row("2 Declare to ready (Slack, fake Web API at 0 ms)", "median < 50 ms",
                "median " + median.ms() + "; p99 " + p99.ms() + (missing > 0 ? "; " + missing + " never ready" : "")
                        + "; " + size.declares() + " declares at " + Spread.number(size.declareRate()) + "/s",
                "same ack + 5 Web API calls back to back, no engine: median " + limitMedian.ms() + "; p99 "
                        + Spread.number(limitP99.median()) + " ms",
                Row.ratio(median.median(), limitMedian.median()),
                Verdict.of(median.median() < 50 && missing == 0, size), numbers);
    }

    /** Declares through the bot; latency from each scheduled send to its last side effect at the fake. */
    private static Latencies declares(BotUnderTest bot, FakeSlackWebApi fake, SignedSlashCommands signer,
                                      String origin, String run, int count, double rate) throws Exception {
        String prefix = "bench declare " + run + " n";
        Instant wall0 = Instant.now();
        long nano0 = System.nanoTime();
        OpenLoop.Result sent = OpenLoop.run(rate, count, 8, () -> {
            HttpConnection connection = new HttpConnection("127.0.0.1", bot.port());
            return new OpenLoop.Sender() {
                @Override
                public boolean send(int index) throws Exception {
                    byte[] body = SignedSlashCommands.body("sev2 " + prefix + index, SlackAckFigure.USER, origin,
                            fake.newResponseUrl(), "trigger." + run + "." + index);
                    return connection.post("/slack/events", SignedSlashCommands.FORM, signer.headers(body), body) == 200;
                }

                @Override
                public void close() {
                    connection.close();
                }
            };
        });
        Map<Integer, String> channelByIndex = awaitChannels(bot, fake, prefix, count);
        Map<String, Instant> createdByName = new HashMap<>();
        Map<String, Instant> lastByChannel = new HashMap<>();
        Map<String, Boolean> pinned = new HashMap<>();
        for (FakeSlackWebApi.Call call : fake.calls()) {
            if (call.method().equals("conversations.create")) {
                createdByName.merge(call.param("name"), call.at(), (a, b) -> a.isAfter(b) ? a : b);
            } else if (READY_METHODS.contains(call.method())) {
                lastByChannel.merge(call.param("channel"), call.at(), (a, b) -> a.isAfter(b) ? a : b);
                if (call.method().equals("pins.add")) {
                    pinned.put(call.param("channel"), true);
                }
            }
        }
        long[] latencies = new long[count];
        int n = 0;
        int notReady = 0;
        for (int i = 0; i < count; i++) {
            String channel = channelByIndex.get(i);
            if (channel == null || !pinned.containsKey(channel)) {
                notReady++;
                continue;
            }
            Instant last = lastByChannel.get(channel);
            Instant created = fake.channel(channel).map(c -> createdByName.get(c.name())).orElse(null);
            if (created != null && created.isAfter(last)) {
                last = created;
            }
            long dueMicros = micros(wall0) + (sent.due()[i] - nano0) / 1000;
            latencies[n++] = (micros(last) - dueMicros) * 1000;
        }
        return new Latencies(java.util.Arrays.copyOf(latencies, n), notReady + sent.errors());
    }

    /** Incident channel id by declare index, once every declare's initial message is pinned (or 60 s passed). */
    private static Map<Integer, String> awaitChannels(BotUnderTest bot, FakeSlackWebApi fake, String prefix, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Map<Integer, String> channels = new HashMap<>();
        while (System.nanoTime() < deadline) {
            channels = bot.app().database().read(c -> {
                Map<Integer, String> found = new HashMap<>();
                try (var ps = c.prepareStatement(
                        "SELECT title, conversation_id FROM incident WHERE title LIKE ? AND conversation_id IS NOT NULL")) {
                    ps.setString(1, prefix + "%");
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.put(Integer.parseInt(rs.getString(1).substring(prefix.length())), rs.getString(2));
                        }
                    }
                }
                return found;
            });
            Set<String> pinnedChannels = new java.util.HashSet<>();
            fake.calls("pins.add").forEach(c -> pinnedChannels.add(c.param("channel")));
            if (channels.size() == count && pinnedChannels.containsAll(channels.values())) {
                break;
            }
            Thread.sleep(100);
        }
        return channels;
    }

    /** The limit: the same signed request to a bare servlet, then the same five calls with a plain client. */
    private static Latencies limit(BotUnderTest bot, FakeSlackWebApi fake, SignedSlashCommands signer,
                                   MethodsClient methods, String origin, String run, int count, double rate)
            throws Exception {
        return OpenLoop.run(rate, count, 8, () -> {
            HttpConnection connection = new HttpConnection("127.0.0.1", bot.port());
            return new OpenLoop.Sender() {
                @Override
                public boolean send(int index) throws Exception {
                    byte[] body = SignedSlashCommands.body("sev2 bench limit " + run + " n" + index,
                            SlackAckFigure.USER, origin, fake.newResponseUrl(), "trigger.limit." + run + "." + index);
                    if (connection.post("/bare", SignedSlashCommands.FORM, signer.headers(body), body) != 200) {
                        return false;
                    }
                    String channel = methods.conversationsCreate(r -> r.name("limit-" + run + "-" + index)).getChannel().getId();
                    methods.conversationsSetTopic(r -> r.channel(channel).topic("SEV2 · declared · bench"));
                    methods.conversationsInvite(r -> r.channel(channel).users(List.of(SlackAckFigure.USER, ONCALL)));
                    String ts = methods.chatPostMessage(r -> r.channel(channel).text("bench incident declared")).getTs();
                    return methods.pinsAdd(r -> r.channel(channel).timestamp(ts)).isOk();
                }

                @Override
                public void close() {
                    connection.close();
                }
            };
        }).latencies();
    }

    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }
}
