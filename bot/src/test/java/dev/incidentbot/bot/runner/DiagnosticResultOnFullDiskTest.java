package dev.incidentbot.bot.runner;

import static dev.incidentbot.bot.runner.DiagnosticBots.codeBlocks;
import static dev.incidentbot.bot.runner.DiagnosticBots.resultPost;
import static dev.incidentbot.bot.runner.DiagnosticBots.state;
import static dev.incidentbot.bot.testing.TestBot.INC1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.store.PageCap;
import dev.incidentbot.bot.testing.TestBot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A diagnostic that finishes while the disk is full: its result cannot be recorded then. It is not lost and not
 * posted before it is recorded; once space returns it is recorded and posted once.
 */
class DiagnosticResultOnFullDiskTest {
    @TempDir
    Path dir;

    @Test
    void aResultThatCouldNotBeRecordedIsRecordedAndPostedOnceWhenSpaceReturns() throws Exception {
        Path go = dir.resolve("go");
        String config = """
                diagnostics:
                  waiter:
                    description: Waits for the test, then reports
                    argv: ["sh", "-c", "while [ ! -e %s ]; do sleep 0.05; done; echo queue depth 42"]
                    timeout: 60s
                    approval: none
                """.formatted(go);
        PageCap cap = new PageCap();
        try (TestBot bot = DiagnosticBots.start(dir.resolve("bot"), config, cap)) {
            bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
            assertThat(bot.reply("alice", INC1, "run waiter")).startsWith("Running R1:");
            await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(state(bot, 1)));
            bot.awaitDelivered();
            int postsBefore = bot.platform.effects("post").size();

            cap.fillDisk();
            Files.createFile(go);
            // The run ended and recording its result failed: the database says so, the run is still "running".
            await().atMost(Duration.ofSeconds(20)).until(() -> !bot.app.database().health().writable());
            assertThat(state(bot, 1)).isEqualTo("running");
            assertThat(bot.platform.effects("post")).hasSize(postsBefore);

            cap.freeSpace();
            await().atMost(Duration.ofSeconds(30)).until(() -> "finished".equals(state(bot, 1)));
            bot.awaitDelivered();
            assertThat(codeBlocks(resultPost(bot, INC1, "R1"))).singleElement().asString().contains("queue depth 42");
            assertThat(bot.timelineTypes(1).stream().filter("diagnostic_finished"::equals)).hasSize(1);
        }
    }
}
