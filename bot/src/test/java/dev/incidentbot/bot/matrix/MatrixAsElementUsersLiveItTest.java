package dev.incidentbot.bot.matrix;

import static dev.incidentbot.bot.matrix.MatrixBot.WAIT;
import static dev.incidentbot.bot.matrix.MatrixBot.awaitReply;
import static dev.incidentbot.bot.matrix.MatrixBot.joinWhenInvited;
import static dev.incidentbot.bot.matrix.MatrixBot.roomWithBot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.matrix.RoomEvent;
import dev.incidentbot.matrix.testing.Responder;
import dev.incidentbot.matrix.testing.TestHomeserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 through the whole bot on a real Synapse: only alice is in {@code matrix.allowed_users}; bob is the on-call
 * the bot invites. SEV1 has second-scale deadlines so escalations happen within the test.
 */
@ExtendWith(TestHomeserver.Extension.class)
@Tag("synapse")
@Tag("realtime")
class MatrixAsElementUsersLiveItTest {
    @TempDir
    static Path dir;

    private static TestHomeserver hs;
    private static MatrixBot bot;
    private static Responder alice;
    private static Responder bob;
    private static String ops;

    @BeforeAll
    static void startBot(TestHomeserver homeserver) throws Exception {
        hs = homeserver;
        alice = hs.alice();
        bob = hs.bob();
        Files.writeString(dir.resolve("incident-bot.yaml"), """
                storage:
                  path: "%s"
                severities:
                  sev1:
                    name: Critical
                    acknowledge_within: 2s
                    update_every: 3s
                    update_grace: 1s
                    escalation:
                      - after: 0m
                        notify: ["%s"]
                  sev2:
                    name: High
                    acknowledge_within: 1h
                    update_every: 1h
                    escalation:
                      - after: 0m
                        notify: ["%s"]
                matrix:
                  allowed_users: ["%s"]
                  leave_resolved_after: 3s
                """.formatted(dir.resolve("incident-bot.db"), bob.userId(), bob.userId(), alice.userId()));
        bot = MatrixBot.start(hs, dir);
        ops = roomWithBot(hs, alice);
    }

    @AfterAll
    static void stopBot() {
        if (bot != null) {
            bot.close();
        }
    }

    private static String unique(String title) {
        return title + " " + UUID.randomUUID().toString().substring(0, 6);
    }

    private static long declare(String severity, String title) {
        awaitReply(hs, alice, ops, alice.say(ops, "!incident " + severity + " " + title));
        return await().atMost(WAIT).until(() -> bot.incidentsTitled(title), l -> l.size() == 1).get(0);
    }

    private static List<RoomEvent> botMessages(Responder who, String room, String containing) {
        return who.events(room, e -> e.sender().equals(hs.bot().userId()) && e.text("body").contains(containing));
    }

    @Test
    void helpUsageErrorsAndRejectionsSayTheMatrixPrefix() {
        RoomEvent help = awaitReply(hs, alice, ops, alice.say(ops, "!incident help"));
        assertThat(help.text("body")).contains("!incident sev1 checkout API returns 500s", "!incident ack")
                .doesNotContain("/incident");
        RoomEvent usage = awaitReply(hs, alice, ops, alice.say(ops, "!incident role scribe"));
        assertThat(usage.text("body")).contains("Usage: !incident role <scribe|comms|name> @person")
                .doesNotContain("/incident");
        RoomEvent unknown = awaitReply(hs, alice, ops, alice.say(ops, "!incident update INC-9999 still digging"));
        assertThat(unknown.text("body")).isEqualTo("INC-9999 does not exist; !incident list shows the incidents.");
        RoomEvent notHere = awaitReply(hs, alice, ops, alice.say(ops, "!incident note hello"));
        assertThat(notHere.text("body")).contains("e.g. !incident update INC-7").doesNotContain("/incident");
    }

    @Test
    void theOnCallTheBotInvitedHearsWhyAndMayActInThatIncidentOnly() {
        String title = unique("Payments down");
        long n = declare("sev2", title);
        String room = bot.awaitIncidentRoom(n);

        await().atMost(WAIT).until(() -> hs.botClient().state(room, "m.room.member", bob.userId()).isPresent());
        assertThat(hs.botClient().state(room, "m.room.member", bob.userId()).orElseThrow().path("reason").asText())
                .isEqualTo("INC-" + n + " SEV2: " + title + " — you are on call");
        bob.client().join(room);
        RoomEvent acked = awaitReply(hs, bob, room, bob.say(room, "!incident ack"));
        assertThat(acked.text("body")).contains("Acknowledged INC-" + n);

        // Elsewhere bob is an outsider: one short answer saying so, and nothing declared.
        alice.client().invite(ops, bob.userId());
        bob.client().join(ops);
        String tryDeclare = bob.say(ops, "!incident sev2 " + unique("from bob"));
        RoomEvent refused = awaitReply(hs, bob, ops, tryDeclare);
        assertThat(refused.text("body")).contains("not allowed");
    }

    @Test
    void aShortMentionOfARoomMemberAssignsThemAndAnAmbiguousOneNamesBothAndChangesNothing() {
        String title = unique("Short mentions");
        long n = declare("sev2", title);
        String room = bot.awaitIncidentRoom(n);
        joinWhenInvited(hs, alice, room);
        joinWhenInvited(hs, bob, room);

        RoomEvent assigned = awaitReply(hs, alice, room, alice.say(room, "!incident role scribe @bob"));
        assertThat(assigned.text("body")).doesNotContain("cannot tell who");
        assertThat(bot.timeline(n, "role_assigned")).singleElement().satisfies(p ->
                assertThat(p).contains("\"role\":\"scribe\"", "\"personId\":\"" + bob.userId() + "\""));

        // Both members go by "Pat" in this room (a per-room display name, as Element sets it).
        for (Responder who : List.of(alice, bob)) {
            who.client().putState(room, "m.room.member", who.userId(), who.client().json().createObjectNode()
                    .put("membership", "join").put("displayname", "Pat"));
        }
        RoomEvent ambiguous = awaitReply(hs, alice, room, alice.say(room, "!incident role comms @pat"));
        assertThat(ambiguous.text("body")).contains("could be", alice.userId(), bob.userId(), "mention one of them");
        assertThat(bot.timeline(n, "role_assigned")).hasSize(1);
    }

    @Test
    void anEditedCommandRunsOnceAndAnEditOfAHandledCommandDoesNotRunAgain() {
        String title = unique("Edits");
        long n = declare("sev2", title);
        String room = bot.awaitIncidentRoom(n);
        joinWhenInvited(hs, alice, room);

        String typo = alice.say(room, "!incident nte cache cleared");
        awaitReply(hs, alice, room, typo); // the usage answer for "nte"
        edit(alice, room, typo, "!incident note cache cleared at 12:03");
        await().atMost(WAIT).until(() -> bot.timeline(n, "note_added").size() == 1);
        assertThat(bot.timeline(n, "note_added").get(0)).contains("cache cleared at 12:03");

        edit(alice, room, typo, "!incident note cache cleared at 12:04");
        String marker = alice.say(room, "!incident note marker");
        await().atMost(WAIT).until(() -> bot.timeline(n, "note_added").size() == 2);
        assertThat(bot.timeline(n, "note_added")).noneMatch(p -> p.contains("12:04"));
        awaitReply(hs, alice, room, marker);
    }

    private static void edit(Responder who, String room, String original, String body) {
        ObjectNode content = who.client().json().createObjectNode().put("msgtype", "m.text").put("body", "* " + body);
        content.putObject("m.new_content").put("msgtype", "m.text").put("body", body);
        content.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", original);
        who.client().send(room, "m.room.message", UUID.randomUUID().toString(), content);
    }

    @Test
    void escalationsAndRemindersSayTheMatrixPrefixAndAfterAcknowledgementAskForAnUpdate() {
        String title = unique("Queue stuck");
        long n = declare("sev1", title);
        String room = bot.awaitIncidentRoom(n);
        joinWhenInvited(hs, alice, room);

        RoomEvent escalation = alice.awaitEvent(room, e -> e.sender().equals(hs.bot().userId())
                && e.text("body").contains("ESCALATION"));
        assertThat(escalation.text("body")).contains("!incident ack INC-" + n).doesNotContain("/incident");
        // bob, on call but not in the room, is also told in the direct room the bot keeps with him.
        String direct = await().atMost(WAIT).until(MatrixAsElementUsersLiveItTest::directRoomOfBob, id -> !id.isEmpty());
        bob.client().join(direct); // accepting the invitation; a no-op if another test already did
        RoomEvent told = bob.awaitEvent(direct, e -> e.sender().equals(hs.bot().userId())
                && e.text("body").contains("INC-" + n + " SEV1: " + title + " — escalation step 1: not acknowledged"));
        assertThat(MatrixBot.mentionedUsers(told)).containsExactly(bob.userId());
        awaitReply(hs, alice, room, alice.say(room, "!incident ack"));

        RoomEvent reminder = alice.awaitEvent(room, e -> e.sender().equals(hs.bot().userId())
                && e.text("body").contains("UPDATE DUE"));
        assertThat(reminder.text("body")).contains("!incident update").doesNotContain("/incident");
        RoomEvent overdue = alice.awaitEvent(room, e -> e.sender().equals(hs.bot().userId())
                && e.text("body").contains("ESCALATION") && e.text("body").contains("no status update"));
        assertThat(overdue.text("body")).contains("!incident update").doesNotContain("Acknowledge")
                .doesNotContain("/incident");
        assertThat(botMessages(alice, room, "ESCALATION")).allSatisfy(e ->
                assertThat(e.text("body")).doesNotContain("/incident"));
    }

    @Test
    void aResolvedIncidentsRoomIsMarkedResolvedAndLaterTheBotPostsTheDraftThereAndLeaves() {
        String title = unique("Resolved room");
        long n = declare("sev2", title);
        String room = bot.awaitIncidentRoom(n);
        joinWhenInvited(hs, alice, room);
        String name = MatrixBot.state(alice, room, "m.room.name").path("name").asText();

        awaitReply(hs, alice, room, alice.say(room, "!incident resolve rolled back the deploy"));

        await().atMost(WAIT).until(() -> MatrixBot.state(alice, room, "m.room.name").path("name").asText()
                .equals("[resolved] " + name));
        await().atMost(WAIT).until(() -> alice.membership(room, hs.bot().userId()).equals("leave"));
        RoomEvent draft = alice.awaitEvent(room, e -> e.sender().equals(hs.bot().userId())
                && e.text("msgtype").equals("m.file"));
        assertThat(draft.text("filename")).isEqualTo("inc-" + n + "-postmortem.md");
        assertThat(botMessages(alice, room, "so I am leaving this room")).singleElement().satisfies(e ->
                assertThat(e.text("body")).contains("inc-" + n + "-postmortem.md", "!incident export INC-" + n));
        assertThat(bot.timeline(n, "conversation_left")).hasSize(1);
    }

    /**
     * The direct room this test's bot keeps with bob, once it made one, or empty. Read from the bot's own bookkeeping:
     * every test class runs its own bot against the same Synapse and bot account, so bob also holds direct-room
     * invitations from earlier classes' bots, which this bot never writes to.
     */
    private static String directRoomOfBob() {
        String room = bot.directRoomWith(bob.userId()).orElse("");
        if (room.isEmpty()) {
            return "";
        }
        var invited = bob.client().getJson("/_matrix/client/v3/sync?timeout=0").path("rooms").path("invite")
                .path(room).path("invite_state").path("events");
        for (var e : invited) {
            if (e.path("type").asText().equals("m.room.member") && e.path("state_key").asText().equals(bob.userId())) {
                // What bob's client is shown: a direct chat, from the bot.
                assertThat(e.path("sender").asText()).isEqualTo(hs.bot().userId());
                assertThat(e.path("content").path("is_direct").asBoolean()).isTrue();
            }
        }
        return room;
    }
}
