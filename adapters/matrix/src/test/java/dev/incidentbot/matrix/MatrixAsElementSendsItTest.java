package dev.incidentbot.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.Inbound;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import dev.incidentbot.chat.testing.InMemoryPlatformState;
import dev.incidentbot.matrix.testing.Responder;
import dev.incidentbot.matrix.testing.Synapse;
import dev.incidentbot.matrix.testing.TestHomeserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 13 items 4, 5 and 7: messages as Element sends them (edits, quoted replies, threads), outsiders, short mentions. */
@ExtendWith(TestHomeserver.Extension.class)
@Tag("synapse")
class MatrixAsElementSendsItTest {
    private static TestHomeserver hs;
    private static RecordingHandler handler;
    private static MatrixPlatform platform;
    private static String bot;

    @BeforeAll
    static void startPlatform(TestHomeserver homeserver) {
        hs = homeserver;
        bot = hs.bot().userId();
        handler = new RecordingHandler();
        platform = new MatrixPlatform(hs.botSettings(), new InMemoryPlatformState());
        platform.start(handler);
        await().atMost(Duration.ofSeconds(20)).until(platform::isReady);
    }

    @AfterAll
    static void stopPlatform() {
        platform.stop();
    }

    private static String roomWithBot(Responder responder) {
        String room = responder.roomWith(bot);
        await().atMost(Duration.ofSeconds(20)).until(() -> responder.membership(room, bot).equals("join"));
        return room;
    }

    private static String send(Responder who, String room, ObjectNode content) {
        return who.client().send(room, "m.room.message", UUID.randomUUID().toString(), content);
    }

    private static ObjectNode text(Responder who, String body) {
        return who.client().json().createObjectNode().put("msgtype", "m.text").put("body", body);
    }

    private static List<String> mentioned(JsonNode content) {
        List<String> ids = new ArrayList<>();
        content.path("m.mentions").path("user_ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static String marker() {
        return "marker " + UUID.randomUUID();
    }

    @Test
    void anOutsiderGetsOneShortAnswerPerRoomPerDayAndNothingReachesTheEngine() {
        String room = roomWithBot(hs.alice());
        hs.alice().client().invite(room, hs.mallory().userId());
        hs.mallory().client().join(room);

        String first = hs.mallory().say(room, "!incident sev1 from mallory");
        hs.mallory().say(room, "!incident ack");
        String mark = marker();
        hs.alice().say(room, "!incident " + mark);
        handler.awaitCommand(mark);

        List<RoomEvent> answers = hs.alice().events(room, e -> e.sender().equals(bot) && e.type().equals("m.room.message"));
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).text("body")).contains("not allowed", "matrix.allowed_users");
        assertThat(answers.get(0).content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText())
                .isEqualTo(first);
        assertThat(handler.commands()).extracting(Inbound.Command::text).doesNotContain("sev1 from mallory", "ack");
    }

    @Test
    void someoneTheBotInvitedToARoomMayActThereButNowhereElse() {
        ConversationRef incident = platform.createConversation(new ConversationSpec(
                "inc-20261202-" + UUID.randomUUID().toString().substring(0, 8) + "-db", "SEV1", List.of(), true));
        assertThat(platform.invite(incident, List.of(hs.mallory().userId()))).isEmpty();
        hs.mallory().client().join(incident.id());
        String elsewhere = roomWithBot(hs.alice());
        hs.alice().client().invite(elsewhere, hs.mallory().userId());
        hs.mallory().client().join(elsewhere);

        String mark = marker();
        hs.mallory().say(elsewhere, "!incident ack elsewhere");
        hs.mallory().say(incident.id(), "!incident " + mark);

        Inbound.Command command = handler.awaitCommand(mark);
        assertThat(command.person().id()).isEqualTo(hs.mallory().userId());
        String mark2 = marker();
        hs.alice().say(elsewhere, "!incident " + mark2);
        handler.awaitCommand(mark2);
        assertThat(handler.commands()).extracting(Inbound.Command::text).doesNotContain("ack elsewhere");
    }

    @Test
    void anEditedCommandArrivesUnderTheOriginalsIdSoTheEngineRunsItOnce() {
        String room = roomWithBot(hs.alice());
        String typo = hs.alice().say(room, "!incdent note " + "fixed typo");
        String mark = "note " + marker();
        ObjectNode edit = text(hs.alice(), "* !incident " + mark);
        edit.set("m.new_content", text(hs.alice(), "!incident " + mark));
        edit.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", typo);
        send(hs.alice(), room, edit);

        Inbound.Command command = handler.awaitCommand(mark);
        assertThat(command.deliveryId()).isEqualTo(typo);
        assertThat(handler.commands()).extracting(Inbound.Command::text).doesNotContain("* !incident " + mark);
    }

    @Test
    void aReplyQuotingTheBotsMessageIsParsedWithoutTheQuote() {
        String room = roomWithBot(hs.alice());
        String declare = hs.alice().say(room, "!incident sev2 quoted");
        RoomEvent answer = hs.alice().awaitEvent(room, e -> e.sender().equals(bot)
                && e.content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText().equals(declare));
        String mark = marker();
        // As Element and older clients send a reply: the original quoted in body and formatted_body.
        ObjectNode reply = text(hs.alice(), "> <" + bot + "> " + answer.text("body") + "\n\n!incident " + mark);
        reply.put("format", "org.matrix.custom.html");
        reply.put("formatted_body", "<mx-reply><blockquote><a href=\"https://matrix.to/#/" + room + "/"
                + answer.eventId() + "\">In reply to</a> <a href=\"https://matrix.to/#/" + bot + "\">" + bot
                + "</a><br>" + answer.text("body") + "</blockquote></mx-reply>!incident " + mark);
        reply.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", answer.eventId());
        String replyId = send(hs.alice(), room, reply);

        Inbound.Command command = handler.awaitCommand(mark);
        assertThat(command.deliveryId()).isEqualTo(replyId);

        // The same with only the plain body quoting (no HTML).
        String mark2 = marker();
        ObjectNode plain = text(hs.alice(), "> <" + bot + "> Declaring SEV2: quoted\n> second line\n\n!incident " + mark2);
        plain.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", answer.eventId());
        send(hs.alice(), room, plain);
        handler.awaitCommand(mark2);
    }

    @Test
    void aCommandInAThreadIsAnsweredInThatThreadWithoutPingingItsSender() {
        String room = roomWithBot(hs.alice());
        String root = hs.alice().say(room, "db is slow, discussing here");
        ObjectNode threaded = text(hs.alice(), "!incident sev3 in a thread");
        threaded.putObject("m.relates_to").put("rel_type", "m.thread").put("event_id", root)
                .put("is_falling_back", true).putObject("m.in_reply_to").put("event_id", root);
        String command = send(hs.alice(), room, threaded);

        RoomEvent answer = hs.alice().awaitEvent(room, e -> e.sender().equals(bot)
                && e.content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText().equals(command));
        JsonNode relation = answer.content().path("m.relates_to");
        assertThat(relation.path("rel_type").asText()).isEqualTo("m.thread");
        assertThat(relation.path("event_id").asText()).isEqualTo(root);
        assertThat(mentioned(answer.content())).doesNotContain(hs.alice().userId());
        assertThat(answer.text("msgtype")).isEqualTo("m.notice");
    }

    @Test
    void theBotsPostsRightAfterSomeoneActedDoNotPingThemButPingOthers() {
        String room = roomWithBot(hs.alice());
        hs.alice().client().invite(room, hs.bob().userId());
        hs.bob().client().join(room);
        String mark = marker();
        hs.alice().say(room, "!incident " + mark);
        handler.awaitCommand(mark);

        MessageRef post = platform.post(new ConversationRef(room, "test"), RichMessage.of(Text.of(
                new Span.Plain("Commander: "), Span.Mention.of(new Person(hs.alice().userId(), "alice")),
                new Span.Plain(", on call: "), Span.Mention.of(new Person(hs.bob().userId(), "bob")))),
                "post-" + UUID.randomUUID());

        RoomEvent seen = hs.bob().awaitEvent(room, e -> e.eventId().equals(post.id()));
        assertThat(mentioned(seen.content())).containsExactly(hs.bob().userId());
        assertThat(seen.text("formatted_body")).contains("https://matrix.to/#/" + hs.alice().userId());
        List<String> aliceHighlights = new ArrayList<>();
        hs.alice().highlights().path("notifications").forEach(n -> aliceHighlights.add(n.path("event").path("event_id").asText()));
        assertThat(aliceHighlights).doesNotContain(post.id());
        List<String> bobHighlights = new ArrayList<>();
        hs.bob().highlights().path("notifications").forEach(n -> bobHighlights.add(n.path("event").path("event_id").asText()));
        assertThat(bobHighlights).contains(post.id());
    }

    @Test
    void aShortHandleFindsRoomMembersByLocalpartOrDisplayNameElseTheUserOnTheBotsServer() {
        String room = roomWithBot(hs.alice());
        hs.alice().client().invite(room, hs.bob().userId());
        hs.bob().client().join(room);
        hs.alice().client().invite(room, hs.mallory().userId());
        hs.mallory().client().join(room);
        // mallory calls herself "Bob" in this room: "@bob" is now ambiguous here.
        ObjectNode member = hs.mallory().client().json().createObjectNode().put("membership", "join")
                .put("displayname", "Bob");
        hs.mallory().client().putState(room, "m.room.member", hs.mallory().userId(), member);
        ConversationRef here = new ConversationRef(room, "test");

        assertThat(platform.findPeople(here, "@alice")).extracting(Person::id).containsExactly(hs.alice().userId());
        assertThat(platform.findPeople(here, "@bob")).extracting(Person::id)
                .containsExactlyInAnyOrder(hs.bob().userId(), hs.mallory().userId());
        String quiet = roomWithBot(hs.alice());
        ConversationRef elsewhere = new ConversationRef(quiet, "quiet");
        assertThat(platform.findPeople(elsewhere, "@bob")).extracting(Person::id)
                .containsExactly("@bob:" + Synapse.SERVER_NAME);
        assertThat(platform.findPeople(elsewhere, "@nobody-" + UUID.randomUUID().toString().substring(0, 6))).isEmpty();
        assertThat(platform.commandPrefix()).isEqualTo("!incident");
    }

    @Test
    void anInvitationCarriesItsReasonAndAlsoReachesThePersonInTheOneDirectRoomTheBotKeepsWithThem() {
        ConversationRef incident = platform.createConversation(new ConversationSpec(
                "inc-20261202-" + UUID.randomUUID().toString().substring(0, 8) + "-api", "SEV1", List.of(), true));
        String reason = "INC-7 SEV1: api down — you are on call " + UUID.randomUUID();

        assertThat(platform.invite(incident, List.of(hs.bob().userId()), reason)).isEmpty();

        JsonNode invite = hs.botClient().state(incident.id(), "m.room.member", hs.bob().userId()).orElseThrow();
        assertThat(invite.path("membership").asText()).isEqualTo("invite");
        assertThat(invite.path("reason").asText()).isEqualTo(reason);
        // bob's invitation to the direct room shows up in his sync; he accepts it and reads the escalation.
        String direct = await().atMost(Duration.ofSeconds(20)).until(() -> directInviteFor(hs.bob()), id -> !id.isEmpty());
        hs.bob().client().join(direct);
        RoomEvent told = hs.bob().awaitEvent(direct, e -> e.sender().equals(bot) && e.text("body").contains(reason));
        assertThat(told.text("formatted_body")).contains("https://matrix.to/#/" + incident.id());
        assertThat(mentioned(told.content())).containsExactly(hs.bob().userId());

        // A second invitation (another incident) uses the same direct room.
        ConversationRef second = platform.createConversation(new ConversationSpec(
                "inc-20261202-" + UUID.randomUUID().toString().substring(0, 8) + "-db", "SEV2", List.of(hs.bob().userId()),
                true, java.util.Map.of(hs.bob().userId(), "INC-8 SEV2: db slow — you are on call")));
        assertThat(hs.botClient().state(second.id(), "m.room.member", hs.bob().userId()).orElseThrow()
                .path("reason").asText()).isEqualTo("INC-8 SEV2: db slow — you are on call");
        hs.bob().awaitEvent(direct, e -> e.sender().equals(bot) && e.text("body").contains("INC-8 SEV2: db slow"));
    }

    /** The room the bot invited {@code who} to as a direct chat, or empty. */
    private static String directInviteFor(Responder who) {
        JsonNode rooms = who.client().getJson("/_matrix/client/v3/sync?timeout=0").path("rooms").path("invite");
        var names = rooms.fieldNames();
        while (names.hasNext()) {
            String room = names.next();
            for (JsonNode e : rooms.path(room).path("invite_state").path("events")) {
                if (e.path("type").asText().equals("m.room.member") && e.path("state_key").asText().equals(who.userId())
                        && e.path("sender").asText().equals(bot) && e.path("content").path("is_direct").asBoolean()) {
                    return room;
                }
            }
        }
        return "";
    }
}
