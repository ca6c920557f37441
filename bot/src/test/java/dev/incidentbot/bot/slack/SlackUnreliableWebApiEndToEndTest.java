package dev.incidentbot.bot.slack;

import static dev.incidentbot.bot.slack.SlackBot.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.core.Status;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.FakeSlackWebApi.Failure;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slow Slack and a rate-limiting, failing Slack: the acks stay fast, nothing is lost, each incident keeps its order. */
@Tag("realtime")
class SlackUnreliableWebApiEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void theAckComesWithinThreeSecondsWhileEveryWebApiCallTakesTenAndTheWorkHappensLater() {
        try (SlackBot bot = new SlackBot(dir, Duration.ofSeconds(20))) {
            // Warm up the request path once (class loading), as a running bot is: Slack's limit is about steady state.
            bot.inGeneral("help");
            bot.fake.delayEachCall(Duration.ofSeconds(10));

            for (String text : List.of("sev1 payments failing", "sev2 search slow", "sev1")) {
                long started = System.nanoTime();
                HttpResponse<String> ack = bot.inGeneral(text);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(took).as(text).isLessThan(Duration.ofSeconds(3));
                assertThat(ack.statusCode()).isEqualTo(200);
            }
            assertThat(SlackBot.json(bot.inGeneral("list")).path("text").asText()).contains("INC-1", "INC-2");
            // The engine committed both incidents and queued their side effects; Slack is still busy with the first calls.
            assertThat(bot.incidentCount()).isEqualTo(2);
            await().atMost(WAIT).until(() -> bot.fake.calls("conversations.create").size() == 2);
            assertThat(bot.fake.channelNamed(bot.fake.calls("conversations.create").get(0).param("name"))).isEmpty();

            // Those two calls take their full ten seconds and succeed; Slack is fast again for the rest.
            bot.fake.delayEachCall(Duration.ZERO);
            bot.awaitChannel(1);
            bot.awaitChannel(2);
            bot.awaitDrained();
            for (long n = 1; n <= 2; n++) {
                String channel = bot.channelOf(n).id();
                assertThat(bot.fake.channel(channel).orElseThrow().pins()).hasSize(1);
                assertThat(bot.texts(channel)).hasSize(1);
            }
            assertThat(bot.fake.calls("conversations.create")).hasSize(2);
            assertThat(bot.texts(bot.general)).hasSize(2);
        }
    }

    /**
     * Slack answers 429 with Retry-After, then 500, to every call for a while, during several commands on two
     * incidents. The 60-second burst is compressed to 9 seconds here (3 s of 429, then 6 s of 500) to keep the
     * build short; the dispatcher's behaviour does not depend on the length. The 500 window outlasts the longest backoff
     * the dispatcher can reach by then (about 5 s), so each incident is certain to meet a 500 too.
     */
    @Test
    void aBurstOf429And500LosesNothingKeepsEachIncidentsOrderAndHonoursRetryAfter() {
        Duration ratelimited = Duration.ofSeconds(3);
        Duration failing = Duration.ofSeconds(9);
        int retryAfterSeconds = 1;
        try (SlackBot bot = new SlackBot(dir)) {
            bot.inGeneral("sev1 payments failing");
            bot.inGeneral("sev2 search slow");
            String alpha = bot.awaitChannel(1).id();
            String bravo = bot.awaitChannel(2).id();
            bot.awaitDrained();
            int before = bot.fake.calls().size();

            Instant burstStart = Instant.now();
            bot.fake.failFor(ratelimited, new Failure.Ratelimited(retryAfterSeconds));
            bot.fake.failFor(failing, new Failure.ServerError(500));

            List<String> commands = List.of(
                    "1:update alpha-1 mitigation started",
                    "2:update bravo-1 looking at the index",
                    "1:update alpha-2 status: identified",
                    "1:note alpha-note only on the timeline",
                    "2:update bravo-2 status: monitoring",
                    "1:update alpha-3 status: monitoring",
                    "2:update bravo-3 still slow",
                    "1:resolve alpha-fixed by a rollback");
            // A declaration during the burst as well: its channel must be created once, under its own name.
            assertThat(SlackBot.json(bot.inGeneral("sev3 charlie reports late")).path("text").asText())
                    .startsWith("Declaring INC-3");
            for (String c : commands) {
                long n = Long.parseLong(c.substring(0, 1));
                HttpResponse<String> ack = bot.inIncident(n, c.substring(2));
                assertThat(SlackBot.json(ack).path("text").asText()).as(c)
                        .containsAnyOf("Update posted to INC-", "Noted on INC-", "INC-1 is resolved");
            }
            assertThat(Duration.between(burstStart, Instant.now())).as("commands sent during the 429 window")
                    .isLessThan(ratelimited);

            await().atMost(Duration.ofSeconds(40)).until(() -> bot.app.drain(Duration.ofMillis(200)));

            // Nothing lost, nothing twice, each incident's messages in the order they were asked for.
            assertThat(markers(bot.texts(alpha))).containsExactly("initial", "alpha-1", "alpha-2", "alpha-3",
                    "alpha-fixed");
            assertThat(markers(bot.texts(bravo))).containsExactly("initial", "bravo-1", "bravo-2", "bravo-3");
            assertThat(bot.incident(1).orElseThrow().status()).isEqualTo(Status.RESOLVED);
            assertThat(bot.fake.channel(alpha).orElseThrow().topic()).startsWith("SEV1 · resolved · ");
            assertThat(bot.fake.channel(bravo).orElseThrow().topic()).startsWith("SEV2 · monitoring · ");
            assertThat(bot.initialMessage(1).blocks().toString()).contains("Resolved");
            assertThat(bot.initialMessage(2).blocks().toString()).contains("Monitoring");
            String charlie = bot.channelOf(3).id();
            assertThat(bot.channelOf(3).name()).matches("inc-\\d{8}-3-charlie-reports-late");
            assertThat(markers(bot.texts(charlie))).containsExactly("initial");
            assertThat(bot.fake.channel(charlie).orElseThrow().pins()).hasSize(1);
            assertThat(bot.fake.channel(charlie).orElseThrow().topic()).startsWith("SEV3 · declared · ");
            assertThat(bot.fake.channelNamed(bot.channelOf(3).name() + "-2")).isEmpty();
            assertThat(bot.texts(bot.general)).hasSize(3).last().asString().contains("INC-3");
            assertThat(bot.timelineTypes(3)).doesNotContain("delivery_failed");
            assertThat(bot.timelineTypes(1)).doesNotContain("delivery_failed");
            assertThat(bot.timelineTypes(2)).doesNotContain("delivery_failed");

            // The burst really hit both incidents, with 429s and with 500s.
            List<FakeSlackWebApi.Call> during = bot.fake.calls().subList(before, bot.fake.calls().size());
            Map<String, List<Instant>> byChannel = during.stream().collect(Collectors.groupingBy(
                    c -> c.param("channel"), Collectors.mapping(FakeSlackWebApi.Call::at, Collectors.toList())));
            Instant ratelimitedUntil = burstStart.plus(ratelimited);
            Instant failingUntil = burstStart.plus(failing);
            for (String channel : List.of(alpha, bravo)) {
                List<Instant> at = byChannel.get(channel);
                assertThat(at).as(channel).anyMatch(t -> t.isBefore(ratelimitedUntil));
                assertThat(at).as(channel).anyMatch(t -> t.isAfter(ratelimitedUntil.plusMillis(50))
                        && t.isBefore(failingUntil));
                // Retry-After honoured: after a call answered 429, the incident's next call waits at least that long.
                List<Duration> gapsAfter429 = new ArrayList<>();
                for (int i = 0; i + 1 < at.size(); i++) {
                    if (at.get(i).isBefore(ratelimitedUntil)) {
                        gapsAfter429.add(Duration.between(at.get(i), at.get(i + 1)));
                    }
                }
                assertThat(gapsAfter429).as(channel).isNotEmpty()
                        .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(
                                Duration.ofSeconds(retryAfterSeconds).minusMillis(5)));
            }
        }
    }

    /** Which of the test's messages a posted text is: the initial message, or the marker word it carries. */
    private static List<String> markers(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String t : texts) {
            if (t.contains("INCIDENT - ")) {
                out.add("initial");
            } else {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(alpha|bravo)-[a-z0-9]+").matcher(t);
                out.add(m.find() ? m.group() : t);
            }
        }
        return out;
    }
}
