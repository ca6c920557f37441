package dev.incidentbot.bot.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.http.Readiness;
import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.testing.InMemoryPlatform;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Poison rows are set aside and shown, never stalling other lanes; an outage ends for every lane at once. */
class OutboxHygieneTest {
    /** The first pending row of each lane: the only ones the dispatcher tries. */
    private static final String HEADS = "id IN (SELECT MIN(id) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL GROUP BY lane)";
    @TempDir
    Path dir;

    private static long insertRow(TestBot bot, String lane, String platform, long incident, String payload) {
        long id = bot.count("SELECT COALESCE(MAX(id), 0) + 1 FROM outbox");
        bot.execute("INSERT INTO outbox (id, lane, platform, incident_id, payload, created_at, attempts, next_attempt_at) "
                + "VALUES (?, ?, ?, ?, ?, 0, 0, 0)", id, lane, platform, incident, payload);
        bot.app.dispatcher().wake();
        return id;
    }

    @Test
    void anUnreadableRowIsQuarantinedOnTheTimelineAndItsLaneMovesOn() {
        try (TestBot bot = TestBot.start(dir)) {
            bot.replyDelivered("alice", "#general", "sev2 checkout API returns 500s");
            long poison = insertRow(bot, "incident-1", "memory", 1, "{\"kind\":\"send_pigeon\",\"to\":\"ops\"}");
            bot.reply("bob", "#general", "INC-1 update found it");
            bot.reply("carol", "#ops", "sev3 search is slow");
            bot.awaitDelivered();

            assertThat(bot.string("SELECT quarantined FROM outbox WHERE id = ?", poison)).isEqualTo("unreadable");
            assertThat(bot.lastPayload(1, "delivery_failed")).contains("outbox row " + poison).contains("cannot read it");
            assertThat(bot.platform.postsIn(TestBot.INC1)).anyMatch(p -> p.contains("found it"));
            assertThat(bot.app.readinessReport().get("outbox"))
                    .isEqualTo(Readiness.okBut("1 row(s) quarantined: undeliverable, see the incidents' timelines"));
            assertThat(bot.app.readiness().values()).containsOnly(true);
        }
    }

    @Test
    void aRowForAPlatformNotRunningIsSetAsideAndSentWhenItRunsAgain(@TempDir Path unused) {
        try (TestBot bot = TestBot.start(dir)) {
            bot.replyDelivered("alice", "#general", "sev2 checkout API returns 500s");
            String payload = OutboxStore.encode(new Delivery.Post(Delivery.Target.conversation(
                    new dev.incidentbot.chat.ConversationRef("!room", "room")), RichMessage.text("hello from before"), ""));
            long row = insertRow(bot, "incident-1", "elsewhere", 1, payload);
            bot.reply("bob", "#general", "INC-1 update still here");
            bot.awaitDelivered();
            assertThat(bot.string("SELECT quarantined FROM outbox WHERE id = ?", row)).isEqualTo("no_platform");
            assertThat(bot.lastPayload(1, "delivery_failed")).contains("platform elsewhere is not running");
        }
        InMemoryPlatform elsewhere = new InMemoryPlatform("elsewhere");
        try (TestBot again = TestBot.start(dir, elsewhere, new MutableClock(TestBot.START), Optional.empty())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> elsewhere.postsIn("!room").contains("hello from before"));
            assertThat(again.count("SELECT COUNT(*) FROM outbox WHERE quarantined = 'no_platform' AND platform = 'elsewhere'")).isZero();
        }
    }

    @Test
    void unexpectedErrorsStopAfterABoundedNumberOfTries() {
        InMemoryPlatform platform = new InMemoryPlatform();
        // A platform bug: posting "boom" throws something that is not a DeliveryException.
        ChatPlatform buggy = (ChatPlatform) Proxy.newProxyInstance(ChatPlatform.class.getClassLoader(),
                new Class<?>[] {ChatPlatform.class}, (proxy, method, args) -> {
                    if (method.getName().equals("post") && args[1] instanceof RichMessage m
                            && PlainTextRenderer.render(m).contains("boom")) {
                        throw new IllegalStateException("renderer bug");
                    }
                    try {
                        return method.invoke(platform, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (TestBot bot = TestBot.start(dir, platform, buggy, Optional.empty(), dev.incidentbot.bot.store.PageCap.none())) {
            bot.replyDelivered("alice", "#general", "sev2 checkout API returns 500s");
            bot.reply("bob", "#general", "INC-1 update boom");
            bot.awaitDeliveredMovingClock();
            assertThat(bot.count("SELECT attempts FROM outbox WHERE quarantined = 'unexpected_error'"))
                    .isEqualTo(LaneRunner.MAX_UNEXPECTED_TRIES - 1);
            assertThat(bot.lastPayload(1, "delivery_failed")).contains("tries failed with an unexpected error");
            assertThat(platform.effects("update")).as("the lane went on").isNotEmpty();
        }
    }

    @Test
    void whenThePlatformAnswersAgainOneSuccessWakesEveryWaitingLane() {
        try (TestBot bot = TestBot.start(dir)) {
            bot.platform.failNext(100_000);
            bot.reply("alice", "#a", "sev2 one");
            bot.reply("alice", "#b", "sev2 two");
            bot.reply("alice", "#c", "sev2 three");
            bot.reply("alice", "#d", "sev2 four");
            for (int i = 0; i < 24; i++) {
                bot.clock.advance(Duration.ofSeconds(5));
                bot.app.dispatcher().wake();
                await().atMost(Duration.ofSeconds(10)).until(() -> bot.count(
                        "SELECT COUNT(*) FROM outbox WHERE " + HEADS + " AND next_attempt_at <= ?",
                        bot.clock.instant().toEpochMilli()) == 0);
            }
            long now = bot.clock.instant().toEpochMilli();
            assertThat(bot.count("SELECT MAX(next_attempt_at) FROM outbox WHERE " + HEADS) - now)
                    .as("lanes backed off for a long time").isGreaterThan(20_000);
            assertThat(bot.count("SELECT MIN(next_attempt_at) FROM outbox WHERE " + HEADS) - now)
                    .as("one lane probes every couple of seconds").isLessThanOrEqualTo(2_400);

            bot.platform.failNext(0);
            bot.clock.advance(Duration.ofMillis(2500));
            bot.app.dispatcher().wake();
            bot.awaitDelivered(); // the clock no longer moves: only the wake-up can make the others due
            assertThat(bot.platform.effects("create")).hasSize(4);
        }
    }
}
