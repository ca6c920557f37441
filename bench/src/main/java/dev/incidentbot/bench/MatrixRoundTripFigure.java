package dev.incidentbot.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.bot.store.PlatformStateStore;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.matrix.CreateRoom;
import dev.incidentbot.matrix.MatrixClient;
import dev.incidentbot.matrix.MatrixPlatform;
import dev.incidentbot.matrix.MatrixSettings;
import dev.incidentbot.matrix.RoomEvent;
import dev.incidentbot.matrix.Session;
import dev.incidentbot.matrix.testing.Synapse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Figure 8: against a real Synapse on loopback (the tests' harness), a person's client sends {@code !incident help}
 * open loop and its own /sync loop notes when the bot's reply arrives. The limit is the same round trip with a plain
 * client in the bot's place: a second person whose /sync loop answers each "ping" with a reply at once. Both paths are
 * therefore send, sync, send, sync; the difference is the bot.
 */
public final class MatrixRoundTripFigure implements Figure {

    @Override
    public String title() {
        return "Matrix round trip";
    }

    @Override
    public List<Row> run(RunSize size, Path dir) throws Exception {
        if (!size.matrix()) {
            return List.of(Row.notMeasured("8 Matrix round trip", "≤ 2x Synapse's own round trip",
                    "skipped in --quick: installing and starting Synapse does not fit in its minute"));
        }
        long t = System.nanoTime();
        try (Synapse synapse = Synapse.start(dir.resolve("synapse"))) {
            double synapseStart = (System.nanoTime() - t) / 1e9;
            Session botSession = synapse.register("incidentbot", "bot-password");
            Session alice = synapse.register("alice", "alice-password");
            Session bob = synapse.register("bob", "bob-password");
            MatrixClient aliceClient = MatrixClient.withAccessToken(synapse.baseUri(), alice.accessToken());
            MatrixClient bobClient = MatrixClient.withAccessToken(synapse.baseUri(), bob.accessToken());
            MatrixSettings settings = MatrixSettings.of(synapse.baseUri(),
                    new MatrixSettings.Credentials.AccessToken(botSession.accessToken()))
                    .withAllowedUsers(List.of(alice.userId()));
            try (BotUnderTest bot = BotUnderTest.start(dir.resolve("bot"), BenchConfig.quiet("@oncall:localhost"),
                    db -> List.<ChatPlatform>of(new MatrixPlatform(settings, new PlatformStateStore(db, "matrix"))),
                    false, Map.of());
                 SyncWatcher aliceSees = new SyncWatcher(aliceClient, (room, event) -> { });
                 SyncWatcher bobEchoes = new SyncWatcher(bobClient, (room, event) -> echo(bobClient, alice.userId(), room, event))) {
                String botRoom = aliceClient.createRoom(new CreateRoom("bench-bot", "", "", List.of(botSession.userId()), true));
                String plainRoom = aliceClient.createRoom(new CreateRoom("bench-plain", "", "", List.of(bob.userId()), true));
                bobClient.join(plainRoom);
                awaitJoined(aliceClient, botRoom, botSession.userId());
                round(aliceClient, aliceSees, botRoom, "!incident help", 5, size.matrixRate());
                round(aliceClient, aliceSees, plainRoom, "ping", 5, size.matrixRate());
                List<Latencies> ours = new ArrayList<>();
                List<Latencies> plain = new ArrayList<>();
                for (int rep = 0; rep < size.repetitions(); rep++) {
                    ours.add(round(aliceClient, aliceSees, botRoom, "!incident help", size.matrixCommands(), size.matrixRate()));
                    plain.add(round(aliceClient, aliceSees, plainRoom, "ping", size.matrixCommands(), size.matrixRate()));
                }
                return List.of(row(ours, plain, synapseStart, size));
            }
        }
    }

    private static Row row(List<Latencies> ours, List<Latencies> plain, double synapseStart, RunSize size) {
        Spread median = Spread.of(ours, l -> l.percentileMillis(50));
        Spread p99 = Spread.of(ours, l -> l.percentileMillis(99));
        Spread plainMedian = Spread.of(plain, l -> l.percentileMillis(50));
        Spread plainP99 = Spread.of(plain, l -> l.percentileMillis(99));
        int lost = ours.stream().mapToInt(Latencies::errors).sum();
        int plainLost = plain.stream().mapToInt(Latencies::errors).sum();
        double[] paired = new double[ours.size()];
        for (int i = 0; i < paired.length; i++) {
            paired[i] = ours.get(i).percentileMillis(50) / plain.get(i).percentileMillis(50);
        }
        Spread ratio = Spread.of(paired);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("commands_per_run", size.matrixCommands());
        numbers.put("rate_per_s", size.matrixRate());
        numbers.put("median_ms", median.values());
        numbers.put("p99_ms", p99.values());
        numbers.put("plain_median_ms", plainMedian.values());
        numbers.put("plain_p99_ms", plainP99.values());
        numbers.put("ratio", paired);
        numbers.put("no_reply", lost);
        numbers.put("synapse_start_s", synapseStart);
        return new Row("8 Matrix round trip (real Synapse)", "≤ 2x Synapse's own round trip",
                "median " + median.ms() + "; p99 " + Spread.number(p99.median()) + " ms"
                        + (lost > 0 ? "; " + lost + " without reply" : ""),
                "plain client echoing instead of the bot: median " + plainMedian.ms() + "; p99 "
                        + Spread.number(plainP99.median()) + " ms" + (plainLost > 0 ? "; " + plainLost + " without reply" : ""),
                "median " + Spread.number(ratio.median()) + "x (" + Spread.number(ratio.min()) + "–"
                        + Spread.number(ratio.max()) + ")",
                Verdict.of(ratio.median() <= 2 && lost == 0, size), numbers);
    }

    /** Sends {@code text} {@code count} times open loop and waits for the replies; latency from each due time. */
    private static Latencies round(MatrixClient sender, SyncWatcher sees, String room, String text, int count,
                                   double rate) throws InterruptedException {
        String[] sent = new String[count];
        OpenLoop.Result result = OpenLoop.run(rate, count, 4, () -> index -> {
            ObjectNode content = sender.json().createObjectNode().put("msgtype", "m.text").put("body", text);
            sent[index] = sender.send(room, "m.room.message", UUID.randomUUID().toString(), content);
            return true;
        });
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && !allAnswered(sees, sent)) {
            Thread.sleep(20);
        }
        long[] latencies = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            Long at = sent[i] == null ? null : sees.replyArrival(sent[i]);
            if (at != null) {
                latencies[n++] = at - result.due()[i];
            }
        }
        return new Latencies(java.util.Arrays.copyOf(latencies, n), count - n);
    }

    private static boolean allAnswered(SyncWatcher sees, String[] sent) {
        for (String id : sent) {
            if (id == null || sees.replyArrival(id) == null) {
                return false;
            }
        }
        return true;
    }

    /** The plain client's side: answer a ping from {@code from} at once, as the bot answers a command. */
    private static void echo(MatrixClient client, String from, String room, RoomEvent event) {
        if (!event.sender().equals(from) || !event.text("body").equals("ping")) {
            return;
        }
        ObjectNode content = client.json().createObjectNode().put("msgtype", "m.notice").put("body", "pong");
        content.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", event.eventId());
        client.send(room, "m.room.message", "pong-" + event.eventId(), content);
    }

    private static void awaitJoined(MatrixClient client, String room, String userId) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String membership = client.state(room, "m.room.member", userId).map(m -> m.path("membership").asText())
                    .orElse("");
            if (membership.equals("join")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the bot did not join " + room + " within 30 s");
    }
}
