package dev.incidentbot.bot.matrix;

import static dev.incidentbot.bot.matrix.MatrixBot.WAIT;
import static dev.incidentbot.bot.matrix.MatrixBot.awaitReply;
import static dev.incidentbot.bot.matrix.MatrixBot.isReplyTo;
import static dev.incidentbot.bot.matrix.MatrixBot.mentionedUsers;
import static dev.incidentbot.bot.matrix.MatrixBot.roomWithBot;
import static dev.incidentbot.bot.matrix.MatrixBot.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.matrix.RoomEvent;
import dev.incidentbot.matrix.testing.Responder;
import dev.incidentbot.matrix.testing.TestHomeserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Who the bot listens to, and user text that tries to be markup or a room-wide ping. */
@ExtendWith(TestHomeserver.Extension.class)
@Tag("synapse")
class MatrixUntrustedInputTest {
    @TempDir
    static Path dir;

    private static TestHomeserver hs;
    private static MatrixBot bot;
    private static Responder alice;
    private static Responder bob;
    private static Responder mallory;

    @BeforeAll
    static void startBot(TestHomeserver homeserver) {
        hs = homeserver;
        alice = hs.alice();
        bob = hs.bob();
        mallory = hs.mallory();
        bot = MatrixBot.start(hs, dir);
    }

    @AfterAll
    static void stopBot() {
        if (bot != null) {
            bot.close();
        }
    }

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    @Test
    void invitesAndCommandsFromSomeoneNotAllowedAndTheBotsOwnMessagesRunNothing() {
        String botId = hs.bot().userId();
        String malloryRoom = mallory.roomWith(botId);
        String room = roomWithBot(hs, alice);

        alice.client().invite(room, mallory.userId());
        mallory.client().join(room);
        String strangerTitle = "stranger outage " + tag();
        String ownTitle = "echo of the bot " + tag();
        String fromMallory = mallory.say(room, "!incident sev1 " + strangerTitle);
        ObjectNode own = hs.botClient().json().createObjectNode().put("msgtype", "m.text").put("body", "!incident sev1 " + ownTitle);
        String fromBot = hs.botClient().send(room, "m.room.message", "own-" + tag(), own);
        // Then alice: once she has her answer, the two before her have been seen too.
        String fromAlice = alice.say(room, "!incident list");
        awaitReply(hs, alice, room, fromAlice);
        // Sync hands over events in order: the bot answering alice means it has seen all of the above.
        assertThat(mallory.membership(malloryRoom, botId)).as("the bot ignored mallory's invite").isEqualTo("invite");

        // mallory hears once that she is not allowed (issue 13); the bot's own message gets no answer at all.
        assertThat(alice.events(room, e -> isReplyTo(hs, e, fromMallory))).singleElement()
                .satisfies(e -> assertThat(e.text("body")).startsWith("You are not allowed to run incident commands."));
        assertThat(alice.events(room, e -> isReplyTo(hs, e, fromBot))).isEmpty();
        assertThat(bot.incidentsTitled(strangerTitle)).isEmpty();
        assertThat(bot.incidentsTitled(ownTitle)).isEmpty();
        assertThat(bot.metrics()).contains("commands_total{command=\"ListIncidents\",outcome=\"applied\"}");

        // Nor does a 📌 from mallory reach the engine (it would count a pin, rejected outside an incident room).
        String msg = alice.say(room, "first responder note " + tag());
        mallory.react(room, msg, "📌");
        String marker = alice.say(room, "!incident list");
        awaitReply(hs, alice, room, marker);
        assertThat(bot.metrics()).doesNotContain("command=\"pin\"");
        alice.react(room, msg, "📌");
        awaitReply(hs, alice, room, alice.say(room, "!incident list"));
        assertThat(bot.metrics()).as("control: alice's pin does count").contains("command=\"pin\"");
    }

    @Test
    void aTitleWithAtRoomAndHtmlPingsNobodyAndRendersAsText() {
        String room = roomWithBot(hs, alice);
        alice.client().invite(room, bob.userId());
        bob.client().join(room);
        // Let anyone in this room notify @room, the bot included: a room mention from it would ping bob here.
        JsonNode levels = alice.client().state(room, "m.room.power_levels", "").orElseThrow();
        ObjectNode open = levels.deepCopy();
        open.putObject("notifications").put("room", 0);
        alice.client().putState(room, "m.room.power_levels", "", open);

        String title = "@room <b>db</b> down & out " + tag();
        String command = alice.say(room, "!incident sev2 " + title);

        RoomEvent answer = awaitReply(hs, alice, room, command);
        long n = await().atMost(WAIT).until(() -> bot.incidentsTitled(title), l -> l.size() == 1).get(0);
        RoomEvent announcement = alice.awaitEvent(room, e -> e.sender().equals(hs.bot().userId())
                && e.text("body").contains("INC-" + n + " SEV2 declared"));
        String incidentRoom = bot.awaitIncidentRoom(n);
        JsonNode pins = await().atMost(WAIT).until(() -> hs.botClient().state(incidentRoom, "m.room.pinned_events", ""),
                p -> p.isPresent()).orElseThrow();
        RoomEvent initial = hs.botClient().event(incidentRoom, pins.path("pinned").get(0).asText());

        String escaped = "@room &lt;b&gt;db&lt;/b&gt; down &amp; out";
        for (RoomEvent e : List.of(answer, announcement, initial)) {
            assertThat(e.text("body")).as("body of %s", e.eventId()).contains(title);
            assertThat(e.text("formatted_body")).as("html of %s", e.eventId()).contains(escaped).doesNotContain("<b>db");
            assertThat(e.content().path("m.mentions").isObject()).as("m.mentions of %s", e.eventId()).isTrue();
            assertThat(e.content().path("m.mentions").has("room")).as("room mention in %s", e.eventId()).isFalse();
            // alice just acted in the room of the answer and the announcement: they do not ping her (issue 13).
            List<String> pinged = e == initial ? List.of(alice.userId()) : List.of();
            assertThat(mentionedUsers(e)).as("users mentioned by %s", e.eventId()).isEqualTo(pinged);
        }
        assertThat(topic(alice, room)).isEmpty();
        assertThat(hs.botClient().state(incidentRoom, "m.room.topic", "").orElseThrow().path("topic").asText()).endsWith(title);

        // Control: a real room mention from the bot does ping bob in this room; the incident's messages did not.
        // (alice's own command, with @room in its plain body and no m.mentions, pings him: that is her doing.)
        ObjectNode ping = hs.botClient().json().createObjectNode().put("msgtype", "m.text").put("body", "@room control " + tag());
        ping.putObject("m.mentions").put("room", true);
        String control = hs.botClient().send(room, "m.room.message", "control-" + tag(), ping);
        await("bob highlighted by the control").atMost(WAIT).until(() -> highlightedEvents(bob, room).contains(control));
        assertThat(highlights(bob, room)).as("what pinged bob").containsExactly(control);
    }

    /** Ids of the bot's events in {@code room} that highlighted {@code who} (pinged them). */
    private static List<String> highlightedEvents(Responder who, String room) {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : who.highlights().path("notifications")) {
            if (n.path("room_id").asText().equals(room) && n.path("event").path("sender").asText().equals(hs.bot().userId())) {
                ids.add(n.path("event").path("event_id").asText());
            }
        }
        return ids;
    }

    /** The same, with what each event was (for a readable failure). */
    private static List<String> highlights(Responder who, String room) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : who.highlights().path("notifications")) {
            if (n.path("room_id").asText().equals(room) && n.path("event").path("sender").asText().equals(hs.bot().userId())) {
                JsonNode e = n.path("event");
                String id = e.path("event_id").asText();
                out.add(e.path("content").path("body").asText().startsWith("@room control") ? id
                        : id + " " + e.path("type").asText() + " from " + e.path("sender").asText() + ": " + e.path("content"));
            }
        }
        return out;
    }
}
