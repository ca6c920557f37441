package dev.incidentbot.bot.matrix;

import static dev.incidentbot.bot.matrix.MatrixBot.WAIT;
import static dev.incidentbot.bot.matrix.MatrixBot.awaitReply;
import static dev.incidentbot.bot.matrix.MatrixBot.joinWhenInvited;
import static dev.incidentbot.bot.matrix.MatrixBot.mentionedUsers;
import static dev.incidentbot.bot.matrix.MatrixBot.roomWithBot;
import static dev.incidentbot.bot.matrix.MatrixBot.state;
import static dev.incidentbot.bot.matrix.MatrixBot.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.matrix.RoomEvent;
import dev.incidentbot.matrix.testing.Responder;
import dev.incidentbot.matrix.testing.TestHomeserver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The incident flow through the whole bot against a real Synapse: declare in a room, then run it in its own room. */
@ExtendWith(TestHomeserver.Extension.class)
@Tag("synapse")
class MatrixIncidentFlowTest {
    @TempDir
    static Path dir;

    private static TestHomeserver hs;
    private static MatrixBot bot;
    private static Responder alice;
    private static Responder bob;
    /** Where the responders declare incidents. */
    private static String ops;

    @BeforeAll
    static void startBot(TestHomeserver homeserver) {
        hs = homeserver;
        alice = hs.alice();
        bob = hs.bob();
        bot = MatrixBot.start(hs, dir);
        ops = roomWithBot(hs, alice);
    }

    @AfterAll
    static void stopBot() {
        if (bot != null) {
            bot.close();
        }
    }

    /** A title no other test (or earlier incident in this homeserver) uses, so room aliases never collide. */
    private static String unique(String title) {
        return title + " " + UUID.randomUUID().toString().substring(0, 6);
    }

    private static long declared(String title) {
        return await("INC for " + title).atMost(WAIT).until(() -> bot.incidentsTitled(title), l -> l.size() == 1).get(0);
    }

    @Test
    void declaringOpensAPrivateRoomWithTheDeclarerInvitedAndThePinnedFormattedInitialMessage() {
        String title = unique("Checkout returns 500s");

        String command = alice.say(ops, "!incident sev2 " + title);

        RoomEvent answer = awaitReply(hs, alice, ops, command);
        long n = declared(title);
        assertThat(answer.text("body")).contains("Declaring INC-" + n + " (SEV2 High): " + title);
        String room = bot.awaitIncidentRoom(n);
        String slug = title.toLowerCase().replace(' ', '-');
        String date = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);

        // The room: named like the Slack channel, invite-only, the declarer and the on-call invited.
        await().atMost(WAIT).until(() -> membership(room, alice).equals("invite"));
        await().atMost(WAIT).until(() -> membership(room, bob).equals("invite"));
        alice.client().join(room);
        assertThat(state(alice, room, "m.room.name").path("name").asText()).isEqualTo("inc-" + date + "-" + n + "-" + slug);
        assertThat(state(alice, room, "m.room.join_rules").path("join_rule").asText()).isEqualTo("invite");
        assertThat(topic(alice, room)).isEqualTo("SEV2 · declared · no IC yet · " + title);

        // The initial message: HTML with a plain fallback, pinned.
        JsonNode pinned = await("pinned initial message").atMost(WAIT)
                .until(() -> alice.client().state(room, "m.room.pinned_events", ""), p -> p.isPresent()).orElseThrow();
        assertThat(pinned.path("pinned")).hasSize(1);
        RoomEvent initial = alice.client().event(room, pinned.path("pinned").get(0).asText());
        assertThat(initial.sender()).isEqualTo(hs.bot().userId());
        assertThat(initial.text("msgtype")).isIn("m.notice", "m.text");
        assertThat(initial.text("format")).isEqualTo("org.matrix.custom.html");
        // No buttons in Matrix: the message says what to type, with the prefix that works in every client.
        assertThat(initial.text("body")).startsWith("🚨 INCIDENT - SEV2 - " + title).contains("DECLARED BY: @alice")
                .contains("I'm commander: type !incident commander\n");
        assertThat(initial.text("formatted_body")).contains(title).contains("<strong>")
                .contains("type <code>!incident commander</code>");
        assertThat(mentionedUsers(initial)).containsExactly(alice.userId());

        // One line in the room where it was declared, linking to the new room.
        RoomEvent announcement = alice.awaitEvent(ops, e -> e.sender().equals(hs.bot().userId())
                && e.text("body").contains("INC-" + n + " SEV2 declared"));
        assertThat(announcement.text("body")).doesNotContain("\n").contains(title)
                .contains("https://matrix.to/#/" + room);
        assertThat(announcement.text("formatted_body")).contains("<a href=\"https://matrix.to/#/" + room);
        assertThat(bot.failures()).isEmpty();
    }

    @Test
    void commanderUpdateNoteResolveAndExportWorkInTheIncidentRoomAndTheTopicFollows() throws Exception {
        String title = unique("Search latency");
        awaitReply(hs, alice, ops, alice.say(ops, "!incident sev2 " + title));
        long n = declared(title);
        String room = bot.awaitIncidentRoom(n);
        joinWhenInvited(hs, alice, room);
        joinWhenInvited(hs, bob, room);

        // Taking command: moderator power, and the topic says who leads.
        RoomEvent took = awaitReply(hs, alice, room, alice.say(room, "!incident commander"));
        assertThat(took.text("body")).isEqualTo("alice is now commander of INC-" + n + ".");
        await("alice moderator").atMost(WAIT).until(() -> powerOf(room, alice.userId()) == 50);
        await("topic names alice").atMost(WAIT).until(() -> topic(alice, room).equals("SEV2 · acknowledged · IC @alice · " + title));
        alice.awaitEvent(room, e -> isEditOf(e, initialMessage(room)) && e.content().path("m.new_content").path("body")
                .asText().contains("LEAD: @alice"));

        // Handing over: the new commander is moderator, the old one back to the room's default.
        RoomEvent handed = awaitReply(hs, alice, room, alice.say(room, "!incident commander " + bob.userId()));
        assertThat(handed.text("body")).isEqualTo("bob is now commander of INC-" + n + ".");
        await("bob moderator, alice default").atMost(WAIT)
                .until(() -> powerOf(room, bob.userId()) == 50 && powerOf(room, alice.userId()) == defaultPower(room));
        assertThat(state(alice, room, "m.room.power_levels").path("users").has(alice.userId())).isFalse();
        await("topic names bob").atMost(WAIT).until(() -> topic(alice, room).contains("IC @bob"));

        RoomEvent severity = awaitReply(hs, bob, room, bob.say(room, "!incident sev sev1"));
        assertThat(severity.text("body")).isEqualTo("INC-" + n + " is now SEV1.");
        await("topic shows SEV1").atMost(WAIT).until(() -> topic(alice, room).startsWith("SEV1 · "));

        RoomEvent updated = awaitReply(hs, bob, room,
                bob.say(room, "!incident update rolled back the index build status: mitigated next: watch p99"));
        assertThat(updated.text("body")).startsWith("Update posted to INC-" + n + ".");
        RoomEvent update = alice.awaitEvent(room, e -> e.sender().equals(hs.bot().userId())
                && e.text("body").contains("UPDATE - INC-" + n));
        assertThat(update.text("body")).contains("PROGRESS: rolled back the index build").contains("NEXT STEPS: watch p99");
        assertThat(update.text("formatted_body")).contains("rolled back the index build");
        await("topic shows mitigated").atMost(WAIT)
                .until(() -> topic(alice, room).equals("SEV1 · mitigated · IC @bob · " + title));

        RoomEvent noted = awaitReply(hs, alice, room, alice.say(room, "!incident note cache hit rate fell at 12:03"));
        assertThat(noted.text("body")).isEqualTo("Noted on INC-" + n + "'s timeline.");
        assertThat(bot.timeline(n, "note_added")).singleElement().asString().contains("cache hit rate fell at 12:03");

        // A 📌 reaction puts a responder's message on the timeline; other reactions do not.
        String chatter = bob.say(room, "looking at the dashboards");
        String finding = bob.say(room, "p99 is back under 200 ms");
        alice.react(room, chatter, "👍");
        alice.react(room, finding, "📌");
        List<String> pinnedMessages = await("message_pinned").atMost(WAIT)
                .until(() -> bot.timeline(n, "message_pinned"), l -> !l.isEmpty());
        assertThat(pinnedMessages).singleElement().asString()
                .contains("p99 is back under 200 ms").contains(bob.userId()).contains(finding);

        RoomEvent resolved = awaitReply(hs, bob, room,
                bob.say(room, "!incident resolve rebuilt the index root cause: a bad shard map"));
        assertThat(resolved.text("body")).startsWith("INC-" + n + " is resolved.");
        RoomEvent resolution = alice.awaitEvent(room, e -> e.sender().equals(hs.bot().userId())
                && e.text("body").contains("RESOLVED - INC-" + n));
        assertThat(resolution.text("body")).contains("SOLUTION: rebuilt the index").contains("ROOT CAUSE: a bad shard map");
        await("topic shows resolved").atMost(WAIT)
                .until(() -> topic(alice, room).equals("SEV1 · resolved · IC @bob · " + title));

        String exportCommand = alice.say(room, "!incident export");
        String filename = "inc-" + n + "-postmortem.md";
        assertThat(awaitReply(hs, alice, room, exportCommand).text("body")).contains(filename);
        RoomEvent file = alice.awaitEvent(room, e -> e.sender().equals(hs.bot().userId())
                && e.text("msgtype").equals("m.file"));
        assertThat(file.text("filename")).isEqualTo(filename);
        assertThat(file.content().path("info").path("mimetype").asText()).startsWith("text/markdown");
        String markdown = download(alice, file.text("url"));
        assertThat(markdown).startsWith("# Post-Mortem: " + title)
                .contains("Commander**: bob")
                .contains("Note: cache hit rate fell at 12:03")
                .contains("Pinned message from bob: p99 is back under 200 ms")
                .contains("Resolved: rebuilt the index (root cause: a bad shard map)");
        assertThat(file.content().path("info").path("size").asInt())
                .isEqualTo(markdown.getBytes(StandardCharsets.UTF_8).length);

        await("outbox drained").atMost(WAIT).until(bot::outboxEmpty);
        assertThat(bot.failures()).isEmpty();
    }

    /** Someone's membership as the bot (who is in every incident room) sees it. */
    private static String membership(String room, Responder who) {
        return hs.botClient().state(room, "m.room.member", who.userId()).map(m -> m.path("membership").asText())
                .orElse("none");
    }

    private static String initialMessage(String room) {
        return state(alice, room, "m.room.pinned_events").path("pinned").get(0).asText();
    }

    private static boolean isEditOf(RoomEvent e, String eventId) {
        JsonNode relation = e.content().path("m.relates_to");
        return relation.path("rel_type").asText().equals("m.replace") && relation.path("event_id").asText().equals(eventId);
    }

    private static int powerOf(String room, String userId) {
        JsonNode levels = state(alice, room, "m.room.power_levels");
        return levels.path("users").has(userId) ? levels.path("users").path(userId).asInt() : defaultPower(room);
    }

    private static int defaultPower(String room) {
        return state(alice, room, "m.room.power_levels").path("users_default").asInt(0);
    }

    /** The media behind an {@code mxc://server/id} URI, through the authenticated media API. */
    private static String download(Responder who, String mxc) throws IOException, InterruptedException {
        assertThat(mxc).startsWith("mxc://");
        URI uri = URI.create(hs.baseUri() + "/_matrix/client/v1/media/download/" + mxc.substring("mxc://".length()));
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + who.session().accessToken()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("download %s", mxc).isEqualTo(200);
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
