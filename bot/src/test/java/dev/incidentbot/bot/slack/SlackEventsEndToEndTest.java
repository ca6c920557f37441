package dev.incidentbot.bot.slack;

import static dev.incidentbot.bot.slack.SlackBot.ALICE;
import static dev.incidentbot.bot.slack.SlackBot.BOB;
import static dev.incidentbot.bot.slack.SlackBot.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.timeline.TimelineEntry;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.slack.testing.SignedSlackClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events API through the bot: a :pushpin: reaction in an incident channel, delivered by Slack more than once. */
class SlackEventsEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aRetriedReactionEventIsProcessedOnce() throws Exception {
        try (SlackBot bot = new SlackBot(dir)) {
            bot.inGeneral("sev2 search slow");
            String channel = bot.awaitChannel(1).id();
            bot.awaitDrained();
            String ts = bot.fake.addMessage(channel, BOB, "Found it: the 14:02 deploy <!here>");

            ObjectNode event = SignedSlackClient.reactionAdded("Ev0PIN0001", ALICE, "pushpin", channel, ts, BOB);
            // Slack's first delivery, its retries (X-Slack-Retry-Num) and a plain duplicate, all with one event_id.
            assertThat(bot.slack.event(event, 0).statusCode()).isEqualTo(200);
            assertThat(bot.slack.event(event, 1).statusCode()).isEqualTo(200);
            assertThat(bot.slack.event(event, 2).statusCode()).isEqualTo(200);
            assertThat(bot.slack.event(event, 0).statusCode()).isEqualTo(200);

            // All four reach the engine; one is applied, three are recognised as already seen.
            await().atMost(WAIT).until(() -> pinOutcomes(bot, "applied") + pinOutcomes(bot, "duplicate") == 4);
            assertThat(pinOutcomes(bot, "applied")).isEqualTo(1);
            assertThat(pinOutcomes(bot, "duplicate")).isEqualTo(3);

            List<TimelineEntry> pinned = bot.timeline(1).stream().filter(e -> e.type().equals("message_pinned"))
                    .toList();
            assertThat(pinned).hasSize(1);
            TimelineEvent.MessagePinned p = (TimelineEvent.MessagePinned) TimelineStore.decode(pinned.get(0));
            assertThat(p.authorId()).isEqualTo(BOB);
            // Slack's markup is decoded on the way in: a typed <!here> is quoted as text.
            assertThat(p.text()).isEqualTo("Found it: the 14:02 deploy @here");
            assertThat(p.permalink()).contains(channel);
            assertThat(pinned.get(0).actor().id()).isEqualTo(ALICE);

            // A new event (new event_id) on another message is processed as usual.
            String other = bot.fake.addMessage(channel, ALICE, "Rolling back now");
            bot.slack.event(SignedSlackClient.reactionAdded("Ev0PIN0002", BOB, "pushpin", channel, other, ALICE), 0);
            await().atMost(WAIT).until(() -> bot.timelineTypes(1).stream()
                    .filter(t -> t.equals("message_pinned")).count() == 2);
        }
    }

    /** {@code commands_total{command="pin",outcome=...}} from the bot's /metrics. */
    private static long pinOutcomes(SlackBot bot, String outcome) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + bot.app.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^commands_total\\{(?=[^}]*command=\"pin\")(?=[^}]*outcome=\"" + outcome
                + "\")[^}]*} ([0-9.]+)$").matcher(metrics.body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
