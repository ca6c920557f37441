package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.testing.ForwardingPlatform;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, reproduced without root: {@code PRAGMA max_page_count} makes SQLite fail with SQLITE_FULL exactly as a
 * full file system does. Every answer while it lasts is true, nothing is sent that cannot be recorded, /readyz says
 * why, and the first command after space returns works without a restart.
 */
class DiskFullTest {
    private static final String FULL = "The bot cannot write to its database: the disk is full. Nothing was recorded; "
            + "try again when space is freed.";
    private static final String BIG = "x".repeat(7_000);

    @TempDir
    Path dir;
    private final PageCap cap = new PageCap();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void whileTheDiskIsFullEveryAnswerIsTrueAndTheFirstCommandAfterwardsWorks() throws Exception {
        InMemoryPlatform platform = new InMemoryPlatform();
        try (TestBot bot = TestBot.start(dir, platform, platform, Optional.of(0), cap)) {
            bot.replyDelivered("alice", "#general", "sev2 checkout API returns 500s");
            assertThat(readyz(bot).statusCode()).isEqualTo(200);
            String before = bot.snapshot();

            cap.fillDisk();
            // Big enough to need new pages whatever free space the file had.
            assertThat(bot.reply("bob", "#general", "INC-1 update " + BIG)).isEqualTo(FULL);
            assertThat(bot.reply("bob", "#general", "sev1 payments down " + BIG)).isEqualTo(FULL);
            assertThat(bot.snapshot()).as("nothing changed, nothing sent").isEqualTo(before);
            HttpResponse<String> full = readyz(bot);
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(full.body()).contains("database: not ready (writes fail: the disk is full");

            cap.freeSpace();
            assertThat(bot.reply("bob", "#general", "INC-1 update " + BIG)).startsWith("Update posted to INC-1.");
            assertThat(bot.timelineTypes(1)).contains("update_posted");
            await().atMost(Duration.ofSeconds(10)).until(() -> readyz(bot).statusCode() == 200);
            bot.awaitDelivered();
            assertThat(platform.postsIn(TestBot.INC1)).anyMatch(p -> p.contains(BIG));
        }
    }

    @Test
    void smallAndLargeCommandsOnAFillingDiskAreNeverAnsweredFalsely() {
        InMemoryPlatform platform = new InMemoryPlatform();
        try (TestBot bot = TestBot.start(dir, platform, platform, Optional.empty(), cap)) {
            bot.replyDelivered("alice", "#general", "sev2 checkout API returns 500s");
            cap.fillDisk();
            int applied = 0;
            int refused = 0;
            for (int n = 0; n < 30; n++) {
                String text = "note " + n + " " + "y".repeat(n * 240);
                long notesBefore = bot.count("SELECT COUNT(*) FROM timeline_event WHERE type = 'note_added'");
                String answer = bot.reply("bob", "#general", "INC-1 " + text);
                long notesAfter = bot.count("SELECT COUNT(*) FROM timeline_event WHERE type = 'note_added'");
                if (answer.equals(FULL)) {
                    refused++;
                    assertThat(notesAfter).as("refused note %d left nothing", n).isEqualTo(notesBefore);
                } else {
                    applied++;
                    assertThat(answer).isEqualTo("Noted on INC-1's timeline.");
                    assertThat(notesAfter).as("applied note %d is recorded", n).isEqualTo(notesBefore + 1);
                }
            }
            assertThat(refused).as("the cap was reached").isPositive();
            cap.freeSpace();
            assertThat(bot.reply("bob", "#general", "INC-1 note after")).isEqualTo("Noted on INC-1's timeline.");
            assertThat(applied + refused).isEqualTo(30);
        }
    }

    @Test
    void aSendThatCannotBeRecordedIsNotSentAgainAndIsRecordedWhenSpaceReturns() {
        InMemoryPlatform platform = new InMemoryPlatform();
        // The disk fills the moment the status notice has gone out, before the dispatcher records it.
        FillingPlatform delivering = new FillingPlatform(platform, message -> {
            if (message.contains("Status: Monitoring")) {
                fillToTheBrim();
            }
        });
        try (TestBot bot = TestBot.start(dir, platform, delivering, Optional.empty(), cap)) {
            bot.replyDelivered("alice", "#general", "sev2 checkout API returns 500s");
            assertThat(bot.reply("bob", "#general", "INC-1 status monitoring")).isEqualTo("INC-1 is now monitoring.");
            await().atMost(Duration.ofSeconds(10)).until(() -> !bot.app.database().health().writable());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> notices(platform) == 1 && platform.effects("update").isEmpty());

            cap.freeSpace();
            bot.awaitDelivered();
            assertThat(notices(platform)).as("sent once, recorded late").isEqualTo(1);
            assertThat(platform.effects("update")).as("the rest of the lane followed").hasSize(1);
            assertThat(bot.count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL")).isZero();
        }
    }

    private static long notices(InMemoryPlatform platform) {
        return platform.postsIn(TestBot.INC1).stream().filter(p -> p.contains("Status: Monitoring")).count();
    }

    /**
     * Fill the file to the last byte the cap allows: write time-ordered rows at the end of the write receipts (where
     * the dispatcher's next write goes) until SQLite says SQLITE_FULL, so the next write certainly fails too.
     */
    private void fillToTheBrim() {
        cap.fillDisk();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("incident-bot.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA max_page_count = 1");
            }
            for (int failures = 0; failures < 20; ) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO write_receipt (token, at) VALUES (?, ?)")) {
                    ps.setString(1, String.format("%013x-%s", System.currentTimeMillis(), UUID.randomUUID()));
                    ps.setLong(2, Long.MAX_VALUE);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    assertThat(StorageFault.of(e)).isEqualTo(StorageFault.DISK_FULL);
                    failures++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> readyz(TestBot bot) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.app.httpPort() + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Delivers through {@code inner}, running {@code afterPost} with each posted message's text once it is out. */
    private static final class FillingPlatform extends ForwardingPlatform {
        private final Consumer<String> afterPost;

        FillingPlatform(InMemoryPlatform inner, Consumer<String> afterPost) {
            super(inner);
            this.afterPost = afterPost;
        }

        @Override
        public MessageRef post(ConversationRef conversation, RichMessage message, String idempotencyKey) {
            MessageRef ref = delegate.post(conversation, message, idempotencyKey);
            afterPost.accept(PlainTextRenderer.render(message));
            return ref;
        }
    }
}
