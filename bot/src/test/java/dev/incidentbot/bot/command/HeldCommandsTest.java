package dev.incidentbot.bot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.bot.testing.TestStorage;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Received; the bot is busy and will answer here shortly" is a promise: the command is written down before it is
 * made, run at the next start if the process died first, and never applied twice.
 */
class HeldCommandsTest {
    @TempDir
    Path dir;

    @Test
    void aCommandHeldWhenTheProcessDiedRunsAtTheNextStartAndItsSenderIsAnswered() {
        try (TestBot bot = TestBot.start(dir)) {
            bot.replyDelivered("alice", "#general", "sev3 search is slow");
            // What a run that acknowledged the command and died before the engine ran it leaves behind.
            leftHeld(bot, "trigger-7", "bob", "#general", "INC-1 update rolled back deploy 42", 0);
        }
        try (TestBot bot = TestBot.start(dir)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.count("SELECT COUNT(*) FROM held_command") == 0);
            assertThat(bot.timelineTypes(1)).contains("update_posted");
            assertThat(bot.lastPayload(1, "update_posted")).contains("rolled back deploy 42");
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.platform.effects("reply").stream()
                    .anyMatch(e -> e.conversation().equals("bob@#general") && e.text().contains("Update posted to INC-1")));
        }
    }

    @Test
    @Tag("postgresql")
    void onPostgresAReplicaRunsOnlyCommandsHeldLongEnoughToBeADeadReplicas() {
        try (TestBot bot = TestBot.start(dir, TestStorage.POSTGRESQL)) {
            bot.replyDelivered("alice", "#general", "sev3 search is slow");
            long minuteAgo = TestBot.START.minusSeconds(61).toEpochMilli();
            long justNow = TestBot.START.toEpochMilli();
            // One held by a replica that died a minute ago, one that a live replica is running right now.
            leftHeld(bot, "trigger-21", "bob", "#general", "INC-1 update from the dead replica", minuteAgo);
            leftHeld(bot, "trigger-22", "carol", "#general", "INC-1 update still running elsewhere", justNow);
        }
        try (TestBot bot = TestBot.start(dir, TestStorage.POSTGRESQL)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.platform.effects("reply").stream()
                    .anyMatch(e -> e.conversation().equals("bob@#general") && e.text().contains("Update posted to INC-1")));
            assertThat(bot.string("SELECT delivery_id FROM held_command")).isEqualTo("trigger-22");
            assertThat(bot.count("SELECT COUNT(*) FROM timeline_event WHERE payload LIKE '%still running elsewhere%'"))
                    .isZero();
        }
    }

    @Test
    void aHeldCommandThatRanBeforeTheCrashIsNotAppliedAgainAndTheSenderHearsItWasRecorded() {
        try (TestBot bot = TestBot.start(dir)) {
            Ack ack = bot.platform.push(new Inbound.Command("sev3 search is slow", Person.of("alice"),
                    new ConversationRef("#general", "#general"), new ReplyHandle("alice@#general"), "trigger-9"));
            assertThat(PlainTextRenderer.render(((Ack.Reply) ack).message())).contains("INC-1");
            bot.awaitDelivered();
            // The engine committed it, the process died before the held row was released.
            leftHeld(bot, "trigger-9", "alice", "#general", "sev3 search is slow", 0);
        }
        try (TestBot bot = TestBot.start(dir)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.count("SELECT COUNT(*) FROM held_command") == 0);
            assertThat(bot.count("SELECT COUNT(*) FROM incident")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.platform.effects("reply").stream()
                    .anyMatch(e -> e.conversation().equals("alice@#general")
                            && e.text().equals("Recorded: /incident sev3 search is slow")));
        }
    }

    @Test
    void whenTheCommandCannotBeWrittenDownInTimeTheAnswerDoesNotPromiseAndTheCommandStillRunsOnce() throws Exception {
        Path file = dir.resolve("incident-bot.db");
        try (TestBot bot = TestBot.start(dir, new InMemoryPlatform(), new MutableClock(TestBot.START), Optional.empty())) {
            bot.replyDelivered("alice", "#general", "sev3 search is slow");
            // Another writer holds SQLite's write lock past the acknowledgement: the engine is late and so is the held row.
            Ack ack = pushWhileTheDatabaseIsLocked(bot, file, new Inbound.Command("INC-1 update still slow",
                    Person.of("bob"), new ConversationRef("#general", "#general"), new ReplyHandle("bob@#general"),
                    "trigger-11"));
            assertThat(PlainTextRenderer.render(((Ack.Reply) ack).message())).isEqualTo(CommandRouter.NOT_HELD);
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.platform.effects("reply").stream()
                    .anyMatch(e -> e.conversation().equals("bob@#general") && e.text().contains("Update posted to INC-1")));
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.count("SELECT COUNT(*) FROM held_command") == 0);
            assertThat(bot.count("SELECT COUNT(*) FROM timeline_event WHERE type = 'update_posted'")).isEqualTo(1);
        }
    }

    @Test
    void aButtonPressHeldWhenTheProcessDiedRunsAtTheNextStartAsTheCommandItStandsFor() {
        try (TestBot bot = TestBot.start(dir)) {
            bot.replyDelivered("alice", "#general", "sev3 search is slow");
            // What the router holds for bob's late click on Acknowledge, left behind by a process that died.
            leftHeld(bot, "click-3", "bob", "#inc-1", "INC-1 ack", 0);
        }
        try (TestBot bot = TestBot.start(dir)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.count("SELECT COUNT(*) FROM held_command") == 0);
            assertThat(bot.timelineTypes(1)).contains("acknowledged");
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.platform.effects("reply").stream()
                    .anyMatch(e -> e.conversation().equals("bob@#inc-1") && e.text().equals("Acknowledged INC-1.")));
        }
    }

    @Test
    void aLateFormSubmissionIsNotPromisedAnAnswerItHasNoTypedFormToHoldAndStillRunsOnce() throws Exception {
        Path file = dir.resolve("incident-bot.db");
        try (TestBot bot = TestBot.start(dir, new InMemoryPlatform(), new MutableClock(TestBot.START), Optional.empty())) {
            bot.replyDelivered("alice", "#general", "sev3 search is slow");
            Ack ack = pushWhileTheDatabaseIsLocked(bot, file, new Inbound.FormSubmission("update", "1",
                    Map.of("progress", "failed over to the replica"), Person.of("bob"),
                    new ConversationRef("#general", "#general"), new ReplyHandle("bob@#general"), "view-12"));
            assertThat(PlainTextRenderer.render(((Ack.Reply) ack).message())).isEqualTo(CommandRouter.NOT_HELD);
            await().atMost(Duration.ofSeconds(20)).until(() -> bot.platform.effects("reply").stream()
                    .anyMatch(e -> e.conversation().equals("bob@#general") && e.text().contains("Update posted to INC-1")));
            assertThat(bot.count("SELECT COUNT(*) FROM timeline_event WHERE type = 'update_posted'")).isEqualTo(1);
        }
    }

    /** What a process that acknowledged a command as received and died before running it leaves behind. */
    private static void leftHeld(TestBot bot, String deliveryId, String person, String conversation, String typed,
                                 long receivedAt) {
        bot.execute("INSERT INTO held_command (platform, delivery_id, person_id, person_name, conversation_id, "
                + "conversation_name, reply_handle, typed, received_at) VALUES ('memory', ?, ?, ?, ?, ?, ?, ?, ?)",
                deliveryId, person, person, conversation, conversation, person + "@" + conversation, typed, receivedAt);
    }

    /** {@code inbound} pushed while another connection holds SQLite's write lock for a while: the engine is late. */
    private static Ack pushWhileTheDatabaseIsLocked(TestBot bot, Path file, Inbound inbound) throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = other.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("BEGIN IMMEDIATE");
            Ack ack = CompletableFuture.supplyAsync(() -> bot.platform.push(inbound)).get();
            s.execute("ROLLBACK");
            return ack;
        }
    }
}
