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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Durable delivery: retries, Retry-After, permanent failures and restarts, always in order per incident. */
@ParameterizedClass
@EnumSource(TestStorage.class)
@Tag("postgresql")
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

    /**
     * What the platform was asked to do for one incident (its conversation and where it was announced), in order,
     * per thing touched: the messages of each conversation (posts, edits, pins), the topic, each invitation. Rows that
     * touch different things may go out together, so only the order within each is fixed.
     */
    private static java.util.Map<String, List<String>> lane(InMemoryPlatform platform, String conversation, String origin) {
        java.util.Map<String, List<String>> byThing = new java.util.TreeMap<>();
        platform.effects().stream()
                .filter(e -> e.conversation().equals(conversation) || e.conversation().equals(origin))
                .forEach(e -> byThing.computeIfAbsent(
                        (List.of("post", "update", "pin").contains(e.kind()) ? "messages"
                                : e.kind().equals("invite") ? "invitation of " + e.text() : e.kind()) + " " + e.conversation(),
                        k -> new java.util.ArrayList<>()).add(e.kind() + " " + (e.kind().equals("pin") ? "" : e.text())));
        return byThing;
    }

    private static int size(java.util.Map<String, List<String>> lane) {
        return lane.values().stream().mapToInt(List::size).sum();
    }

    @Test
    void retryableFailuresDelayButNeverLoseOrReorder(@TempDir Path reference) {
        java.util.Map<String, List<String>> expected1;
        java.util.Map<String, List<String>> expected2;
        try (TestBot calm = TestBot.start(reference, storage)) {
            script(calm);
            calm.awaitDelivered();
            expected1 = lane(calm.platform, INC1, "#general");
            expected2 = lane(calm.platform, INC2, "#ops");
        }
        assertThat(size(expected1)).isGreaterThanOrEqualTo(15);
        assertThat(size(expected2)).isGreaterThanOrEqualTo(15);

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
            // The notice and the invitation go out together; one of them is told to wait 30 s.
            bot.reply("bob", INC1, "role scribe @dave");
            long failedAt = bot.clock.millis();
            await().atMost(Duration.ofSeconds(10)).until(() -> bot.count("SELECT COUNT(*) FROM outbox WHERE last_error = 'rate limited'") == 1);
            assertThat(bot.count("SELECT next_attempt_at FROM outbox WHERE last_error = 'rate limited'"))
                    .isGreaterThanOrEqualTo(failedAt + 30_000);
            assertThat(bot.count("SELECT attempts FROM outbox WHERE last_error = 'rate limited'")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> bot.mark() == mark + 1);
            bot.reply("bob", INC1, "status monitoring");

            // 29 seconds on, the row is still waiting and nothing behind it overtook it.
            bot.clock.advance(Duration.ofSeconds(29));
            bot.app.dispatcher().wake();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> bot.mark() == mark + 1);

            bot.clock.advance(Duration.ofSeconds(2));
            bot.app.dispatcher().wake();
            bot.awaitDelivered();
            // Posts keep their order; the invitation, whichever row waited, went beside a post.
            List<String> kinds = bot.kindsSince(mark);
            assertThat(kinds).containsExactlyInAnyOrder("post " + INC1, "invite " + INC1, "post " + INC1,
                    "update " + INC1, "topic " + INC1);
            assertThat(kinds.subList(3, 5)).containsExactly("update " + INC1, "topic " + INC1);
            assertThat(bot.since(mark).stream().filter(e -> e.kind().equals("post")).map(Effect::text))
                    .containsExactly("@dave is scribe for INC-1.", "Status: Monitoring (set by @bob).");
        }
    }

    @Test
    void aPermanentFailureIsRecordedAndLaterRowsStillGo() {
        try (TestBot bot = TestBot.start(dir, storage)) {
            bot.replyDelivered("alice", "#general", "sev1 checkout API returns 500s");
            int mark = bot.mark();
            bot.platform.failNext(1, new DeliveryException.Permanent("channel_not_found"));
            bot.replyDelivered("bob", INC1, "status monitoring");
            assertThat(bot.kindsSince(mark)).as("the notice failed, the edit and the topic after it went")
                    .containsExactly("update " + INC1, "topic " + INC1);
            assertThat(bot.timelineTypes(1)).containsExactly("declared", "acknowledged", "status_changed", "delivery_failed");
            assertThat(bot.lastPayload(1, "delivery_failed")).contains("message", "channel_not_found");
            assertThat(bot.string("SELECT actor_id FROM timeline_event WHERE type = 'delivery_failed'")).isEqualTo("incident-bot");
            assertThat(bot.count("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL")).isEqualTo(1);
            assertThat(bot.count("SELECT attempts FROM outbox WHERE failed_at IS NOT NULL")).as("not retried").isEqualTo(1);

            bot.replyDelivered("bob", INC1, "status identified");
            assertThat(bot.platform.effects("topic")).last().extracting(Effect::text).asString().contains("identified");
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
            List<String> kinds = second.kindsSince(0);
            assertThat(kinds.get(0)).isEqualTo("create " + INC1);
            assertThat(kinds.subList(1, 7)).containsExactlyInAnyOrder("topic " + INC1, "invite " + INC1, "invite " + INC1,
                    "post " + INC1, "post #general", "pin " + INC1);
            assertThat(kinds.indexOf("pin " + INC1)).isGreaterThan(kinds.indexOf("post " + INC1));
            // commander: notice, edit, topic; update: message, edit, topic. A topic and the next message touch
            // different things and may go out together.
            assertThat(kinds.subList(7, 9)).containsExactly("post " + INC1, "update " + INC1);
            assertThat(kinds.subList(9, 11)).containsExactlyInAnyOrder("topic " + INC1, "post " + INC1);
            assertThat(kinds.subList(11, kinds.size())).containsExactly("update " + INC1, "topic " + INC1);
            assertThat(second.count("SELECT COUNT(*) FROM outbox")).isEqualTo(rows);
            // Nothing more arrives: each row went exactly once.
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> up.effects().size() == 13);
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
                    second.count("SELECT COUNT(*) FROM outbox WHERE quarantined = 'no_platform'") == 7);
            assertThat(second.string("SELECT last_error FROM outbox ORDER BY id LIMIT 1")).contains("slack is not running");
            assertThat(second.platform.effects()).isEmpty();
            assertThat(second.pending()).isZero();
        }
        InMemoryPlatform slack = new InMemoryPlatform("slack");
        try (TestBot third = TestBot.start(dir, storage, slack, clock, Optional.empty())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> third.count("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NOT NULL") == 7);
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
            assertThat(bot.app.database().read(c -> new dev.incidentbot.bot.store.ChainVerifier().verify(c, incident)).intact())
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
