package dev.incidentbot.bot.outbox;

import dev.incidentbot.bot.testing.TestStorage;
import static dev.incidentbot.bot.testing.TestBot.INC1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.Application;
import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import dev.incidentbot.chat.testing.InMemoryPlatform.Effect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Durable delivery: retries, Retry-After, permanent failures and restarts, always in order per incident. */
@ParameterizedClass
@EnumSource(TestStorage.class)
class OutboxDeliveryTest {
    @Parameter
    TestStorage storage;

    private static final String INC2 = "#inc-20371126-2-search-is-slow";

    @TempDir
    Path dir;

    /** Two incidents worked on side by side; returns nothing, the platform records what happened. */
    private static void script(TestBot bot) {
        bot.reply("alice", "#general", "sev1 checkout API returns 500s");
        bot.reply("carol", "#ops", "sev2 search is slow");
        bot.reply("bob", "#general", "INC-1 commander");
        bot.reply("dave", "#ops", "INC-2 role comms @erin");
        bot.reply("bob", "#general", "INC-1 update found it status: identified");
        bot.reply("carol", "#ops", "INC-2 sev sev3");
        bot.reply("bob", "#general", "INC-1 resolve rolled back");
        bot.reply("carol", "#ops", "INC-2 status monitoring");
    }

    /** What the platform was asked to do for one incident (its conversation and where it was announced), in order. */
    private static List<String> lane(InMemoryPlatform platform, String conversation, String origin) {
        return platform.effects().stream()
                .filter(e -> e.conversation().equals(conversation) || e.conversation().equals(origin))
                .map(e -> e.kind() + " " + e.conversation() + " " + (e.kind().equals("pin") ? "" : e.text()))
                .toList();
    }

    @Test
    void retryableFailuresDelayButNeverLoseOrReorder(@TempDir Path reference) {
        List<String> expected1;
        List<String> expected2;
        try (TestBot calm = TestBot.start(reference, storage)) {
            script(calm);
            calm.awaitDelivered();
            expected1 = lane(calm.platform, INC1, "#general");
            expected2 = lane(calm.platform, INC2, "#ops");
        }
        assertThat(expected1).hasSize(13);
        assertThat(expected2).hasSize(13);

        try (TestBot bot = TestBot.start(dir, storage)) {
            bot.platform.failNext(7);
            script(bot);
            bot.awaitDeliveredMovingClock();
            assertThat(lane(bot.platform, INC1, "#general")).isEqualTo(expected1);
            assertThat(lane(bot.platform, INC2, "#ops")).isEqualTo(expected2);
            long rows = bot.count("SELECT COUNT(*) FROM outbox");
            assertThat(bot.count("SELECT SUM(attempts) FROM outbox")).as("seven failed attempts, then one each").isEqualTo(rows + 7);
            assertThat(bot.count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL")).isZero();
            assertThat(bot.timelineTypes(1)).doesNotContain("delivery_failed");
        }
    }

    @Test
    void aRetryAfterIsHonoured() {
        try (TestBot bot = TestBot.start(dir, storage)) {
            bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
            int mark = bot.mark();
            bot.platform.failNext(1, new DeliveryException.Retryable("rate limited", Duration.ofSeconds(30), null));
            bot.reply("bob", INC1, "role scribe @dave");
            long failedAt = bot.clock.millis();
            await().atMost(Duration.ofSeconds(10)).until(() -> bot.count("SELECT COUNT(*) FROM outbox WHERE last_error = 'rate limited'") == 1);
            assertThat(bot.count("SELECT next_attempt_at FROM outbox WHERE last_error = 'rate limited'"))
                    .isGreaterThanOrEqualTo(failedAt + 30_000);
            assertThat(bot.count("SELECT attempts FROM outbox WHERE last_error = 'rate limited'")).isEqualTo(1);

            // 29 seconds on, the row is still waiting and nothing behind it overtook it.
            bot.clock.advance(Duration.ofSeconds(29));
            bot.app.dispatcher().wake();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> bot.mark() == mark);

            bot.clock.advance(Duration.ofSeconds(2));
            bot.app.dispatcher().wake();
            bot.awaitDelivered();
            assertThat(bot.kindsSince(mark)).containsExactly("post " + INC1, "invite " + INC1);
            assertThat(bot.since(mark).get(0).text()).isEqualTo("@dave is scribe for INC-1.");
        }
    }

    @Test
    void aPermanentFailureIsRecordedAndLaterRowsStillGo() {
        try (TestBot bot = TestBot.start(dir, storage)) {
            bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
            int mark = bot.mark();
            bot.platform.failNext(1, new DeliveryException.Permanent("channel_not_found"));
            bot.replyDelivered("bob", INC1, "role scribe @dave");
            assertThat(bot.kindsSince(mark)).as("the post failed, the invitation after it went").containsExactly("invite " + INC1);
            assertThat(bot.timelineTypes(1)).containsExactly("declared", "role_assigned", "delivery_failed");
            assertThat(bot.lastPayload(1, "delivery_failed")).contains("message", "channel_not_found");
            assertThat(bot.string("SELECT actor_id FROM timeline_event WHERE type = 'delivery_failed'")).isEqualTo("incident-bot");
            assertThat(bot.count("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL")).isEqualTo(1);
            assertThat(bot.count("SELECT attempts FROM outbox WHERE failed_at IS NOT NULL")).as("not retried").isEqualTo(1);

            bot.replyDelivered("bob", INC1, "status monitoring");
            assertThat(bot.platform.effects("topic")).last().extracting(Effect::text).asString().contains("monitoring");
            ChainVerifierCheck.intact(bot, 1);
        }
    }

    @Test
    void whatWasWrittenBeforeAStopIsDeliveredOnceAfterTheRestart() {
        MutableClock clock = new MutableClock(TestBot.START);
        InMemoryPlatform down = new InMemoryPlatform();
        down.failNext(Integer.MAX_VALUE);
        long rows;
        try (TestBot first = TestBot.start(dir, storage, down, clock, Optional.empty())) {
            first.reply("alice", "#general", "sev1 checkout API returns 500s");
            first.reply("bob", "#general", "INC-1 commander");
            first.reply("bob", "#general", "INC-1 update found it");
            // The dispatcher tried and failed at least once before the stop.
            await().atMost(Duration.ofSeconds(10)).until(() -> first.count("SELECT MAX(attempts) FROM outbox") >= 1);
            rows = first.count("SELECT COUNT(*) FROM outbox");
            assertThat(first.pending()).isEqualTo(rows);
        }
        assertThat(down.effects()).isEmpty();

        clock.advance(Duration.ofMinutes(5));
        InMemoryPlatform up = new InMemoryPlatform();
        try (TestBot second = TestBot.start(dir, storage, up, clock, Optional.empty())) {
            second.awaitDelivered();
            assertThat(second.kindsSince(0)).containsExactly(
                    "create " + INC1, "post " + INC1, "pin " + INC1, "post #general",
                    "post " + INC1, "update " + INC1, "topic " + INC1,
                    "post " + INC1, "update " + INC1, "topic " + INC1);
            assertThat(second.count("SELECT COUNT(*) FROM outbox")).isEqualTo(rows);
            // Nothing more arrives: each row went exactly once.
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> up.effects().size() == 10);
            // And the restarted bot keeps working on the same incident.
            assertThat(second.replyDelivered("bob", INC1, "status monitoring")).isEqualTo("INC-1 is now monitoring.");
        }
    }

    @Test
    void rowsOfAPlatformThatIsNotRunningAreSetAsideAndSentWhenItRunsAgain() throws Exception {
        // A backlog for a platform this run lacks is quarantined (it never holds up anything) and released when it runs.
        MutableClock clock = new MutableClock(TestBot.START);
        try (TestBot first = TestBot.start(dir, storage, new InMemoryPlatform("slack"), clock, Optional.empty())) {
            first.platform.failNext(Integer.MAX_VALUE);
            first.reply("alice", "#general", "sev1 checkout API returns 500s");
        }
        if (storage == TestStorage.SQLITE) {
            assertThat(Files.exists(dir.resolve("incident-bot.db"))).isTrue();
        }
        try (TestBot second = TestBot.start(dir, storage, new InMemoryPlatform("matrix"), clock, Optional.empty())) {
            clock.advance(Duration.ofMinutes(1));
            second.app.dispatcher().wake();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    second.count("SELECT COUNT(*) FROM outbox WHERE quarantined = 'no_platform'") == 4);
            assertThat(second.string("SELECT last_error FROM outbox ORDER BY id LIMIT 1")).contains("slack is not running");
            assertThat(second.platform.effects()).isEmpty();
            assertThat(second.pending()).isZero();
        }
        InMemoryPlatform slack = new InMemoryPlatform("slack");
        try (TestBot third = TestBot.start(dir, slack, clock, Optional.empty())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> third.count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL") == 4);
            assertThat(slack.effects()).extracting(Effect::kind).contains("create", "post", "pin");
        }
    }

    @Test
    void drainWaitsForDeliveryAndGivesUpAfterItsTimeoutEvenWithAStoppedClock() {
        try (TestBot bot = TestBot.start(dir, storage)) {
            bot.reply("alice", "#general", "sev1 checkout API returns 500s");
            assertThat(bot.app.drain(Duration.ofSeconds(10))).isTrue();
            assertThat(bot.pending()).isZero();

            bot.platform.failNext(Integer.MAX_VALUE);
            bot.reply("bob", INC1, "commander");
            // The test clock does not move; the timeout is a real wait and must still end.
            boolean drained = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> bot.app.drain(Duration.ofMillis(300)));
            assertThat(drained).isFalse();
            assertThat(bot.pending()).isPositive();
        }
    }

    /** Keeps the dependency on the timeline package in one place. */
    static final class ChainVerifierCheck {
        static void intact(TestBot bot, long incident) {
            assertThat(bot.app.database().read(c -> new dev.incidentbot.bot.timeline.ChainVerifier().verify(c, incident)).intact())
                    .isTrue();
        }
    }

    @Test
    void theApplicationReportsReadinessOfItsParts() {
        try (Application app = TestBot.create(dir, storage, new InMemoryPlatform(), new MutableClock(TestBot.START), Optional.empty(), c -> c)) {
            assertThat(app.readiness()).containsEntry("database", true).containsEntry("outbox", false)
                    .containsEntry("platform memory", false);
            app.start();
            assertThat(Set.copyOf(app.readiness().values())).containsOnly(true);
        }
    }
}
