package dev.incidentbot.drills;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The data directory on a 16 MB tmpfs: a file takes the free space, people keep updating their incidents, the file is
 * removed. Every answer must be true (an update answered as posted is on the timeline, one refused is not), nothing is
 * posted twice, /readyz says 503 while writes fail, and the first command after space returns works. Mounting a tmpfs
 * needs root; where it cannot be mounted the row says so (DiskFullTest covers the mechanism in mvn verify).
 */
final class DiskFullDrill implements Drill {
    private static final String FULL = "cannot write to its database";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public String name() {
        return "data directory fills (16 MB tmpfs), then space returns";
    }

    public String target() {
        return "0 false answers, 0 duplicate posts, first command after space returns succeeds, /readyz 503 while full";
    }

    public DrillRow run(Path work, boolean quick) throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Optional<String> mountFailure = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", data.toString());
        if (mountFailure.isPresent()) {
            return new DrillRow(name(), target(), "not run: cannot mount a 16 MB tmpfs here (" + mountFailure.get()
                    + "); DiskFullTest covers it in mvn verify with PRAGMA max_page_count", DrillRow.Verdict.CANNOT_RUN);
        }
        try (Workspace slack = new Workspace()) {
            return measure(work, data, slack, quick);
        } finally {
            run("umount", data.toString());
        }
    }

    private DrillRow measure(Path work, Path data, Workspace slack, boolean quick) throws Exception {
        Ledger ledger = new Ledger(data);
        BotProcess bot = BotProcess.start(work, data, BotProcess.freePort(), slack.fake.apiUrl(), "bot");
        if (!bot.awaitReady(Duration.ofSeconds(90))) {
            throw new IllegalStateException("the bot did not start: " + bot.output());
        }
        int incidents = 3;
        for (int i = 1; i <= incidents; i++) {
            slack.command(bot.events(), "sev3 disk drill " + i);
        }
        awaitDrained(ledger);
        Path filler = data.resolve("filler");
        fill(filler);

        int commands = quick ? 10 : 40;
        int refused = 0;
        int falseAnswers = 0;
        boolean saw503 = false;
        String padding = "p".repeat(1500);
        for (int k = 1; k <= commands; k++) {
            String marker = "d" + k + "x";
            String answer = slack.command(bot.events(), "INC-" + (1 + k % incidents) + " update " + marker + " " + padding)
                    .map(HttpResponse::body).orElse("");
            boolean recorded = ledger.updatesMentioning(marker) > 0;
            if (answer.contains(FULL)) {
                refused++;
                falseAnswers += recorded ? 1 : 0;
            } else if (answer.contains("Update posted")) {
                falseAnswers += recorded ? 0 : 1;
            }
            saw503 |= readyz(bot) == 503;
        }
        Files.delete(filler);
        long freed = System.nanoTime();
        String first = slack.command(bot.events(), "INC-1 update space is back").map(HttpResponse::body).orElse("");
        boolean firstWorked = first.contains("Update posted");
        while (readyz(bot) != 200 && System.nanoTime() - freed < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(100);
        }
        double recovered = (System.nanoTime() - freed) / 1e9;
        awaitDrained(ledger);
        bot.stop();
        int duplicates = slack.duplicatePosts();
        String measured = String.format("%d updates while full: %d refused as disk full, %d false answers; /readyz %s "
                        + "while full; first command after space returned %s; ready again %.1f s after; %d duplicate posts",
                commands, refused, falseAnswers, saw503 ? "503" : "never 503", firstWorked ? "succeeded" : "failed: " + first,
                recovered, duplicates);
        boolean met = falseAnswers == 0 && duplicates == 0 && firstWorked && saw503 && refused > 0;
        return new DrillRow(name(), target(), measured, DrillRow.Verdict.of(met, quick));
    }

    /** Take all but a few KB of the tmpfs, as another program filling the disk would. */
    private static void fill(Path filler) throws IOException {
        long free = Files.getFileStore(filler.getParent()).getUsableSpace();
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            for (long written = 0; written + block.length <= free; written += block.length) {
                out.write(block);
            }
        } catch (IOException full) {
            // the tmpfs is full: exactly what we wanted
        }
    }

    private static int readyz(BotProcess bot) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port + "/readyz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static void awaitDrained(Ledger ledger) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (ledger.pendingDeliveries() > 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }

    /** Run a system command; its complaint if it failed. */
    private static Optional<String> run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? Optional.empty() : Optional.of(said.isEmpty() ? "exit " + p.exitValue() : said);
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
