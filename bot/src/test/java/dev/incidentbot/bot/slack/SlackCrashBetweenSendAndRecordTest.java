package dev.incidentbot.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.outbox.Delivery;
import dev.incidentbot.bot.outbox.OutboxRow;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bot dies after Slack did something and before the outbox recorded it (the dispatcher's crash seam), with Slack
 * answering in 100 ms; the next start finishes the incident's deliveries and Slack shows each of them once.
 */
class SlackCrashBetweenSendAndRecordTest {
    @TempDir
    Path dir;

    private static Predicate<OutboxRow> crashAfter(String kind) {
        return switch (kind) {
            case "channel" -> row -> row.delivery() instanceof Delivery.CreateConversation;
            case "initial message" -> row -> row.delivery() instanceof Delivery.Post p && p.refKey().equals("initial");
            case "announcement" -> row -> row.delivery() instanceof Delivery.Announce;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "crash after the {0}")
    @ValueSource(strings = {"channel", "initial message", "announcement"})
    void afterARestartEachEffectExistsOnce(String kind) {
        SlackBot first = new SlackBot(dir);
        FakeSlackWebApi fake = first.fake;
        try {
            fake.delayEachCall(Duration.ofMillis(100));
            first.app.dispatcher().crashAfterSend(crashAfter(kind));
            assertThat(first.inGeneral("sev2 checkout API returns 500s").statusCode()).isEqualTo(200);
            await().atMost(SlackBot.WAIT).until(() -> first.incident(1).isPresent());
            String name = first.incident(1).orElseThrow().conversationName();
            await().atMost(SlackBot.WAIT).until(() -> switch (kind) {
                case "channel" -> fake.channelsNamedLike(name).size() == 1;
                case "initial message" -> fake.channelsNamedLike(name).stream().anyMatch(c -> !c.messages().isEmpty());
                default -> fake.messages(first.general).stream().anyMatch(m -> m.text().contains("INC-1"));
            });
            first.stopKeepingSlack();

            try (SlackBot second = new SlackBot(dir, first)) {
                assertThat(second.app.drain(Duration.ofSeconds(60))).as("everything delivered after the restart").isTrue();
                assertThat(fake.channelsNamedLike(name)).as("one channel, adopted, not a second one").singleElement()
                        .satisfies(c -> {
                            assertThat(c.id()).isEqualTo(second.channelOf(1).id());
                            assertThat(c.messages()).as("the initial message, once").hasSize(1);
                            assertThat(c.pins()).containsExactly(c.messages().get(0).ts());
                        });
                assertThat(fake.messages(second.general)).as("announced once")
                        .filteredOn(m -> m.text().contains("INC-1")).hasSize(1);
                assertThat(second.timelineTypes(1)).doesNotContain("delivery_failed");
            }
        } finally {
            fake.close();
        }
    }
}
