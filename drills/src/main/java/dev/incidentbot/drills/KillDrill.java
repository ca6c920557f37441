package dev.incidentbot.drills;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * kill -9 every 10 s while commands arrive at 20/s for 60 s, Slack answering in 100 ms: every acknowledged command
 * must be recorded and delivered once, with no second channel, no second post and nothing out of order.
 */
final class KillDrill implements Drill {

    public String name() {
        return "kill -9 every 10 s, 20 commands/s for 60 s, Slack at 100 ms";
    }

    public String target() {
        return "0 lost, 0 duplicate channels, 0 duplicate posts, 0 out of order";
    }

    public DrillRow run(Path work, boolean quick) throws Exception {
        Duration length = quick ? Duration.ofSeconds(8) : Duration.ofSeconds(60);
        Duration killEvery = quick ? Duration.ofSeconds(4) : Duration.ofSeconds(10);
        int perSecond = quick ? 5 : 20;
        Path data = work.resolve("data");
        Ledger ledger = new Ledger(data);
        try (Workspace slack = new Workspace()) {
            int port = BotProcess.freePort();
            BotProcess[] bot = {BotProcess.start(work, data, port, slack.fake.apiUrl(), "bot")};
            if (!bot[0].awaitReady(Duration.ofSeconds(90))) {
                throw new IllegalStateException("the bot did not start: " + bot[0].output());
            }
            // Every command answered "done" or "late" (the answer follows through response_url) was acknowledged and
            // must be in the database: declares by their title, updates by a marker in their text.
            List<String> ackedDeclares = new CopyOnWriteArrayList<>();
            List<String> ackedUpdates = new CopyOnWriteArrayList<>();
            AtomicInteger sent = new AtomicInteger();
            Map<String, Integer> outcomes = new ConcurrentHashMap<>();
            ScheduledExecutorService load = Executors.newScheduledThreadPool(1);
            // Open loop: each command on its own thread, so a slow or dead bot does not slow the arrival rate.
            java.util.concurrent.ExecutorService senders = Executors.newCachedThreadPool();
            load.scheduleAtFixedRate(() -> senders.submit(() -> {
                int k = sent.incrementAndGet();
                long incidents = k % 5 == 1 ? 0 : ledger.incidents();
                boolean declare = incidents == 0;
                String marker = "k" + k + "x";
                String text = declare ? "sev3 drill incident " + marker
                        : "INC-" + (1 + ThreadLocalRandom.current().nextLong(incidents)) + " update drill step " + marker;
                Optional<HttpResponse<String>> ack = slack.command(bot[0].events(), text);
                String outcome = ack.map(a -> a.statusCode() != 200 ? "HTTP " + a.statusCode()
                        : a.body().contains("busy") ? "late" : a.body().contains("Declaring") || a.body().contains("Update posted")
                        ? "done" : "other").orElse("no answer");
                outcomes.merge(outcome, 1, Integer::sum);
                if (outcome.equals("done") || outcome.equals("late")) {
                    (declare ? ackedDeclares : ackedUpdates).add(marker);
                }
            }), 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
            long began = System.nanoTime();
            int kills = 0;
            // kill -9 at 10 s, 20 s, ... whatever the bot is doing then (serving, starting, draining).
            for (long at = killEvery.toNanos(); at < length.toNanos(); at += killEvery.toNanos()) {
                long wait = began + at - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                bot[0].kill();
                kills++;
                bot[0] = BotProcess.start(work, data, port, slack.fake.apiUrl(), "bot");
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, began + length.toNanos() - System.nanoTime()));
            load.shutdown();
            load.awaitTermination(30, TimeUnit.SECONDS);
            senders.shutdown();
            senders.awaitTermination(60, TimeUnit.SECONDS);
            bot[0].awaitReady(Duration.ofSeconds(120));
            long drainEnd = System.nanoTime() + Duration.ofMinutes(quick ? 1 : 5).toNanos();
            while (ledger.pendingDeliveries() > 0 && System.nanoTime() < drainEnd) {
                Thread.sleep(200);
            }
            long pending = ledger.pendingDeliveries();
            bot[0].stop();

            long lostDeclares = ackedDeclares.stream().filter(m -> ledger.incidentsTitled("drill incident " + m) == 0).count();
            long lostUpdates = ackedUpdates.stream().filter(m -> ledger.updatesMentioning(m) == 0).count();
            long lost = lostDeclares + lostUpdates;
            int duplicateChannels = slack.duplicateChannels(ledger.channelNames());
            int duplicatePosts = slack.duplicatePosts();
            int outOfOrder = slack.outOfOrderChannels();
            System.err.println("  answers: " + outcomes);
            String measured = String.format("%d kills; %d commands sent, %d acknowledged, %d lost; %d incidents, %d with "
                    + "their channel; %d messages; %d still undelivered; %d duplicate channels, %d duplicate posts, "
                    + "%d channels out of order", kills, sent.get(), ackedDeclares.size() + ackedUpdates.size(), lost,
                    ledger.incidents(), ledger.delivered(), slack.messagesWithKey(), pending, duplicateChannels,
                    duplicatePosts, outOfOrder);
            // Nothing acknowledged means the drill measured nothing (the bot never got to answer): not a pass.
            boolean met = ackedDeclares.size() + ackedUpdates.size() > 0 && lost == 0 && pending == 0 && duplicateChannels == 0 && duplicatePosts == 0 && outOfOrder == 0;
            return new DrillRow(name(), target(), measured, DrillRow.Verdict.of(met, quick));
        }
    }
}
