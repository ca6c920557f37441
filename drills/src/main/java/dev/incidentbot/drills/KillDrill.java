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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kill -9 every 10 s while commands arrive at 20/s for 60 s, Slack answering in 100 ms: every acknowledged command
 * must be recorded and delivered once, with no second channel, no second post and nothing out of order.
 */
final class KillDrill implements Drill {
    private static final Pattern DECLARED = Pattern.compile("Declaring INC-(\\d+)");

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
            List<Long> declared = new CopyOnWriteArrayList<>();
            Map<String, Long> updates = new ConcurrentHashMap<>();
            AtomicInteger sent = new AtomicInteger();
            Map<String, Integer> outcomes = new ConcurrentHashMap<>();
            List<String> firstOther = new CopyOnWriteArrayList<>();
            ScheduledExecutorService load = Executors.newScheduledThreadPool(4);
            load.scheduleAtFixedRate(() -> {
                int k = sent.incrementAndGet();
                boolean declare = declared.isEmpty() || k % 5 == 0;
                long target = declare ? 0 : declared.get(ThreadLocalRandom.current().nextInt(declared.size()));
                String text = declare ? "sev3 drill incident " + k : "INC-" + target + " update drill step s" + k + "x";
                Optional<HttpResponse<String>> ack = slack.command(bot[0].events(), text);
                String outcome = ack.map(a -> a.statusCode() != 200 ? "HTTP " + a.statusCode()
                        : a.body().contains("busy") ? "late" : a.body().contains("Declaring") || a.body().contains("Update posted")
                        ? "done" : "other").orElse("no answer");
                outcomes.merge(outcome, 1, Integer::sum);
                if (outcome.equals("other") && firstOther.isEmpty()) {
                    firstOther.add(ack.get().body());
                }
                if (ack.isEmpty() || ack.get().statusCode() != 200) {
                    return;
                }
                Matcher m = DECLARED.matcher(ack.get().body());
                if (m.find()) {
                    declared.add(Long.parseLong(m.group(1)));
                } else if (ack.get().body().contains("Update posted to INC-" + target)) {
                    updates.put("s" + k + "x", target);
                }
            }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
            long end = System.nanoTime() + length.toNanos();
            int kills = 0;
            while (System.nanoTime() + killEvery.toNanos() <= end) {
                Thread.sleep(killEvery.toMillis());
                bot[0].kill();
                kills++;
                bot[0] = BotProcess.start(work, data, port, slack.fake.apiUrl(), "bot");
                bot[0].awaitReady(Duration.ofSeconds(90));
            }
            load.shutdown();
            load.awaitTermination(30, TimeUnit.SECONDS);
            long drainEnd = System.nanoTime() + Duration.ofMinutes(quick ? 1 : 5).toNanos();
            while (ledger.pendingDeliveries() > 0 && System.nanoTime() < drainEnd) {
                Thread.sleep(200);
            }
            long pending = ledger.pendingDeliveries();
            bot[0].stop();

            long lostDeclares = declared.stream().filter(n -> !ledger.hasIncident(n)).count();
            long lostUpdates = updates.keySet().stream().filter(marker -> ledger.updatesMentioning(marker) == 0).count();
            long lost = lostDeclares + lostUpdates;
            int duplicateChannels = slack.duplicateChannels(ledger.channelNames());
            int duplicatePosts = slack.duplicatePosts();
            int outOfOrder = slack.outOfOrderChannels();
            System.err.println("  answers: " + outcomes + (firstOther.isEmpty() ? "" : "; e.g. " + firstOther.get(0)));
            String measured = String.format("%d kills; %d commands sent, %d acknowledged, %d lost; %d incidents, %d with "
                    + "their channel; %d messages; %d still undelivered; %d duplicate channels, %d duplicate posts, "
                    + "%d channels out of order", kills, sent.get(), declared.size() + updates.size(), lost,
                    declared.size(), ledger.delivered(), slack.messagesWithKey(), pending, duplicateChannels,
                    duplicatePosts, outOfOrder);
            boolean met = lost == 0 && pending == 0 && duplicateChannels == 0 && duplicatePosts == 0 && outOfOrder == 0;
            return new DrillRow(name(), target(), measured, DrillRow.Verdict.of(met, quick));
        }
    }
}
