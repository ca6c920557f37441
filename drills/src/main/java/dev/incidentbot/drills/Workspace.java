package dev.incidentbot.drills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import dev.incidentbot.slack.testing.SignedSlackClient;
import dev.incidentbot.slack.testing.SignedSlackClient.SlashCommand;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Slack workspace of a drill: the strict fake Web API answering in 100 ms as Slack does, a person and a channel
 * to declare in, and what the bot left in it counted the way a person would (channels, messages, duplicates).
 */
final class Workspace implements AutoCloseable {
    static final String ALICE = "U0ALICE01";
    final FakeSlackWebApi fake = FakeSlackWebApi.start();
    final String general;
    private final AtomicInteger triggers = new AtomicInteger();

    Workspace() {
        fake.addUser(ALICE, "alice", "alice@example.com");
        general = fake.addChannel("general", ALICE);
        fake.delayEachCall(Duration.ofMillis(100));
    }

    /** Alice types {@code /incident text} in #general; the bot's HTTP answer, or empty if the bot is not there. */
    java.util.Optional<HttpResponse<String>> command(URI events, String text) {
        try {
            return java.util.Optional.of(new SignedSlackClient(events, BotProcess.SECRET).slashCommand(new SlashCommand(
                    "/incident", text, ALICE, "alice", general, "general", fake.newResponseUrl(),
                    "1334522460" + triggers.incrementAndGet() + ".738474920.8088930838d88f008e0")));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Channels beyond the first for each incident name (the {@code -2} a lost create used to open). */
    int duplicateChannels(List<String> incidentNames) {
        int extra = 0;
        for (String name : incidentNames) {
            extra += Math.max(0, fake.channelsNamedLike(name).size() - 1);
        }
        return extra;
    }

    /** Messages posted more than once: the same delivery key on two messages. */
    int duplicatePosts() {
        Map<String, Integer> seen = new HashMap<>();
        for (FakeSlackWebApi.Channel c : channels()) {
            for (FakeSlackWebApi.Message m : c.messages()) {
                fake.metadataOf(c.id(), m.ts()).map(md -> md.path("event_payload").path("key").asText())
                        .ifPresent(key -> seen.merge(key, 1, Integer::sum));
            }
        }
        return seen.values().stream().mapToInt(n -> n - 1).sum();
    }

    /**
     * Incident channels whose bot messages are not in the order their outbox rows were written. (A shared channel
     * such as #general holds announcements of many incidents, whose order between incidents is free.)
     */
    int outOfOrderChannels() {
        int bad = 0;
        for (FakeSlackWebApi.Channel c : channels()) {
            if (!c.name().startsWith("inc-")) {
                continue;
            }
            long last = -1;
            for (FakeSlackWebApi.Message m : c.messages()) {
                long row = fake.metadataOf(c.id(), m.ts()).map(Workspace::rowOf).orElse(-1L);
                if (row >= 0 && row < last) {
                    bad++;
                    break;
                }
                last = Math.max(last, row);
            }
        }
        return bad;
    }

    int messagesWithKey() {
        int n = 0;
        for (FakeSlackWebApi.Channel c : channels()) {
            for (FakeSlackWebApi.Message m : c.messages()) {
                n += fake.metadataOf(c.id(), m.ts()).isPresent() ? 1 : 0;
            }
        }
        return n;
    }

    private static long rowOf(JsonNode metadata) {
        String key = metadata.path("event_payload").path("key").asText();
        try {
            return Long.parseLong(key.substring(key.lastIndexOf('-') + 1));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private List<FakeSlackWebApi.Channel> channels() {
        return fake.channels();
    }

    @Override
    public void close() {
        fake.close();
    }
}
