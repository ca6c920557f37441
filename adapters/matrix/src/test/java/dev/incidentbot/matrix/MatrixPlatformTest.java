package dev.incidentbot.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.Button;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The adapter end to end against a real Synapse: one running platform, alice and bob as responders. */
@ExtendWith(TestHomeserver.Extension.class)
@Tag("synapse")
class MatrixPlatformTest {
    private static TestHomeserver hs;
    private static RecordingHandler handler;
    private static MatrixPlatform platform;
    private static MatrixClient botClient;
    private static String bot;

    @BeforeAll
    static void startPlatform(TestHomeserver homeserver) {
        hs = homeserver;
        bot = hs.bot().userId();
        botClient = hs.botClient();
        handler = new RecordingHandler();
        platform = new MatrixPlatform(hs.botSettings(), new InMemoryPlatformState());
        platform.start(handler);
        await().atMost(Duration.ofSeconds(20)).until(platform::isReady);
    }

    @AfterAll
    static void stopPlatform() {
        platform.stop();
        assertThat(platform.isReady()).isFalse();
    }

    /** A room {@code responder} made, with the bot joined (it accepts the invite by itself). */
    private static String roomWithBot(Responder responder) {
        String room = responder.roomWith(bot);
        await().atMost(Duration.ofSeconds(20)).until(() -> responder.membership(room, bot).equals("join"));
        return room;
    }

    private static boolean repliesTo(RoomEvent event, String eventId) {
        return event.sender().equals(bot)
                && event.content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText().equals(eventId);
    }

    private static List<String> mentionedUsers(JsonNode content) {
        List<String> ids = new ArrayList<>();
        content.path("m.mentions").path("user_ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static ConversationRef incidentRoomWith(Responder... responders) {
        List<String> invitees = new ArrayList<>();
        for (Responder r : responders) {
            invitees.add(r.userId());
        }
        ConversationRef room = platform.createConversation(new ConversationSpec(
                "inc-20261126-" + UUID.randomUUID().toString().substring(0, 8) + "-checkout", "SEV2 | checkout",
                invitees, true));
        for (Responder r : responders) {
            r.client().join(room.id());
        }
        return room;
    }

    @Test
    void commandFromAnAllowedResponderReachesTheHandlerAndItsReplyIsPostedAsAReply() {
        String room = roomWithBot(hs.alice());

        String commandId = hs.alice().say(room, "!incident sev2 checkout returns 500s");

        Inbound.Command command = handler.awaitCommand("sev2 checkout returns 500s");
        assertThat(command.person().id()).isEqualTo(hs.alice().userId());
        assertThat(command.conversation().id()).isEqualTo(room);
        assertThat(command.deliveryId()).isEqualTo(commandId);
        RoomEvent reply = hs.alice().awaitEvent(room, e -> repliesTo(e, commandId));
        assertThat(reply.text("msgtype")).isEqualTo("m.notice");
        assertThat(reply.text("body")).isEqualTo("Declaring SEV2: checkout returns 500s");
        assertThat(reply.text("formatted_body")).isEqualTo("<p><strong>Declaring SEV2: </strong>checkout returns 500s</p>");
        // The reply does not ping alice: she just acted.
        assertThat(mentionedUsers(reply.content())).isEmpty();

        // The second prefix works too, and only whole words count as a prefix.
        hs.alice().say(room, "!incidents sev1 not a command");
        String second = hs.alice().say(room, "/incident sev3 slow search");
        handler.awaitCommand("sev3 slow search");
        hs.alice().awaitEvent(room, e -> repliesTo(e, second));
        assertThat(handler.commands()).extracting(Inbound.Command::text).doesNotContain("sev1 not a command", "s sev1 not a command");
    }

    @Test
    void messagesFromAStrangerAndFromTheBotItselfRunNothing() {
        String room = roomWithBot(hs.alice());
        hs.alice().client().invite(room, hs.mallory().userId());
        hs.mallory().client().join(room);
        String strangersRoom = hs.mallory().roomWith(bot);

        hs.mallory().say(room, "!incident sev1 from mallory");
        var own = botClient.json().createObjectNode().put("msgtype", "m.text").put("body", "!incident sev1 from the bot");
        botClient.send(room, "m.room.message", UUID.randomUUID().toString(), own);
        String marker = "marker " + UUID.randomUUID();
        hs.alice().say(room, "!incident " + marker);

        // Sync delivers in order: once the marker arrived, the earlier messages and the invite have been seen.
        handler.awaitCommand(marker);
        assertThat(handler.commands()).extracting(Inbound.Command::text)
                .doesNotContain("sev1 from mallory", "sev1 from the bot");
        assertThat(hs.mallory().membership(strangersRoom, bot)).isEqualTo("invite");
        // The bot's own message, and its one answer telling mallory she is not allowed.
        assertThat(hs.alice().events(room, e -> e.sender().equals(bot) && e.type().equals("m.room.message")))
                .extracting(e -> e.text("body")).containsExactlyInAnyOrder("!incident sev1 from the bot",
                        "You are not allowed to run incident commands. Ask whoever runs this bot to add you to "
                                + "matrix.allowed_users.");
    }

    @Test
    void createConversationMakesAPrivateRoomWithNameTopicAndInvitees() {
        String name = "inc-20261126-" + UUID.randomUUID().toString().substring(0, 8) + "-checkout-api";
        ConversationSpec spec = new ConversationSpec(name, "SEV2 | investigating | commander: none",
                List.of(hs.alice().userId(), "oncall-primary"), true);

        ConversationRef room = platform.createConversation(spec);

        assertThat(room.name()).isEqualTo(name);
        assertThat(botClient.state(room.id(), "m.room.name", "").orElseThrow().path("name").asText()).isEqualTo(name);
        assertThat(botClient.state(room.id(), "m.room.topic", "").orElseThrow().path("topic").asText())
                .isEqualTo("SEV2 | investigating | commander: none");
        assertThat(botClient.state(room.id(), "m.room.join_rules", "").orElseThrow().path("join_rule").asText())
                .isEqualTo("invite");
        assertThat(botClient.state(room.id(), "m.room.member", hs.alice().userId()).orElseThrow()
                .path("membership").asText()).isEqualTo("invite");
        assertThat(botClient.resolveAlias("#" + name + ":" + Synapse.SERVER_NAME)).isEqualTo(room.id());

        // A retry after a lost answer finds the room it made instead of making a second one.
        assertThat(platform.createConversation(spec).id()).isEqualTo(room.id());

        hs.alice().client().join(room.id());
        assertThat(platform.invite(room, List.of(hs.bob().userId(), hs.alice().userId(), "not-a-user")))
                .containsExactly("not-a-user");
        assertThat(botClient.state(room.id(), "m.room.member", hs.bob().userId()).orElseThrow()
                .path("membership").asText()).isEqualTo("invite");
    }

    @Test
    void postPinTopicUpdateAndUploadAreVisibleToTheResponder() throws Exception {
        ConversationRef room = incidentRoomWith(hs.alice());
        RichMessage initial = new RichMessage(Text.plain("SEV2: checkout returns 500s"),
                List.of(new Block.Paragraph(Text.of(new Span.Plain("Commander: "), Span.Mention.of(
                                new Person(hs.alice().userId(), "alice")))),
                        new Block.Fields(List.of(new Block.Field("STATUS", Text.plain("investigating")))),
                        new Block.Code("HTTP 500 x 1200\n")),
                List.of(Button.of("take-command", "Take command", "1", "/incident commander")),
                Text.plain("Updates every 30 min"));

        MessageRef posted = platform.post(room, initial, "outbox-1-" + UUID.randomUUID());

        RoomEvent seen = hs.alice().awaitEvent(room.id(), e -> e.eventId().equals(posted.id()));
        // It mentions alice, so it is m.text: in an m.notice the default push rules would silence the mention.
        assertThat(seen.text("msgtype")).isEqualTo("m.text");
        assertThat(seen.text("format")).isEqualTo("org.matrix.custom.html");
        assertThat(seen.text("formatted_body"))
                .contains("<h4>SEV2: checkout returns 500s</h4>")
                .contains("<a href=\"https://matrix.to/#/" + hs.alice().userId() + "\">@alice</a>")
                .contains("<li><strong>STATUS:</strong> investigating</li>")
                .contains("<pre><code>HTTP 500 x 1200\n</code></pre>")
                .contains("<strong>Take command:</strong> type <code>!incident commander</code>");
        assertThat(seen.text("body")).contains("Commander: @alice", "STATUS: investigating",
                "Take command: type !incident commander", "Updates every 30 min");
        assertThat(mentionedUsers(seen.content())).containsExactly(hs.alice().userId());
        assertThat(seen.content().path("m.mentions").has("room")).isFalse();

        platform.pin(posted);
        MessageRef second = platform.post(room, RichMessage.text("second"), "outbox-2-" + UUID.randomUUID());
        platform.pin(second);
        platform.pin(posted);
        JsonNode pinned = hs.alice().client().state(room.id(), "m.room.pinned_events", "").orElseThrow();
        assertThat(pinned.path("pinned")).extracting(JsonNode::asText).containsExactly(posted.id(), second.id());

        platform.setTopic(room, "SEV2 | mitigated | commander: @alice");
        assertThat(hs.alice().client().state(room.id(), "m.room.topic", "").orElseThrow().path("topic").asText())
                .isEqualTo("SEV2 | mitigated | commander: @alice");

        platform.update(posted, RichMessage.text("SEV2: mitigated"));
        RoomEvent edit = hs.alice().awaitEvent(room.id(), e -> e.content().path("m.relates_to").path("rel_type")
                .asText().equals("m.replace"));
        assertThat(edit.content().path("m.relates_to").path("event_id").asText()).isEqualTo(posted.id());
        assertThat(edit.content().path("m.new_content").path("body").asText()).isEqualTo("SEV2: mitigated");
        assertThat(edit.content().path("m.new_content").path("formatted_body").asText()).isEqualTo("<p>SEV2: mitigated</p>");
        assertThat(edit.text("body")).isEqualTo("* SEV2: mitigated");

        byte[] markdown = "# Post-mortem\n\n- 12:00 declared\n".getBytes(StandardCharsets.UTF_8);
        platform.upload(room, "postmortem.md", markdown, "Post-mortem draft");
        RoomEvent file = hs.alice().awaitEvent(room.id(), e -> e.text("msgtype").equals("m.file"));
        assertThat(file.text("filename")).isEqualTo("postmortem.md");
        assertThat(file.text("body")).isEqualTo("Post-mortem draft");
        assertThat(file.content().path("info").path("size").asInt()).isEqualTo(markdown.length);
        assertThat(download(file.text("url"))).isEqualTo(markdown);
    }

    /** Fetches an mxc:// URI through the authenticated media API, as alice. */
    private static byte[] download(String mxc) throws Exception {
        String serverAndId = mxc.substring("mxc://".length());
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(hs.baseUri() + "/_matrix/client/v1/media/download/" + serverAndId))
                .header("Authorization", "Bearer " + hs.alice().session().accessToken()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void postingTwiceWithOneIdempotencyKeyMakesOneEvent() {
        ConversationRef room = incidentRoomWith(hs.alice());
        String key = "outbox-42-" + UUID.randomUUID();

        MessageRef first = platform.post(room, RichMessage.text("only once"), key);
        MessageRef again = platform.post(room, RichMessage.text("only once"), key);
        MessageRef other = platform.post(room, RichMessage.text("only once"), key + "-other");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(other.id()).isNotEqualTo(first.id());
        hs.alice().awaitEvent(room.id(), e -> e.eventId().equals(other.id()));
        assertThat(hs.alice().events(room.id(), e -> e.text("body").equals("only once"))).hasSize(2);
    }

    @Test
    void setModeratorGivesPowerFiftyAndTakesItBack() {
        ConversationRef room = incidentRoomWith(hs.alice());
        Person alice = platform.resolvePerson(hs.alice().userId()).orElseThrow();

        platform.setModerator(room, alice, true);
        assertThat(botClient.state(room.id(), "m.room.power_levels", "").orElseThrow()
                .path("users").path(hs.alice().userId()).asInt()).isEqualTo(50);

        platform.setModerator(room, alice, false);
        platform.setModerator(room, alice, false);
        assertThat(botClient.state(room.id(), "m.room.power_levels", "").orElseThrow()
                .path("users").has(hs.alice().userId())).isFalse();
    }

    @Test
    void aPinReactionReachesTheHandlerWithTheMessageItMarks() {
        String room = roomWithBot(hs.alice());
        String message = hs.alice().say(room, "rolled back deploy 1234");
        hs.alice().react(room, message, "\uD83D\uDC4D"); // 👍 is not the pin emoji
        String reaction = hs.alice().react(room, message, "\uD83D\uDCCC\uFE0F"); // 📌 with a variation selector

        Inbound.Reaction pin = await().atMost(Duration.ofSeconds(20))
                .until(() -> handler.reactions().stream().filter(r -> r.messageId().equals(message)).toList(),
                        list -> !list.isEmpty()).get(0);
        assertThat(pin.deliveryId()).isEqualTo(reaction);
        assertThat(pin.person().id()).isEqualTo(hs.alice().userId());
        assertThat(pin.author().id()).isEqualTo(hs.alice().userId());
        assertThat(pin.text()).isEqualTo("rolled back deploy 1234");
        assertThat(pin.conversation().id()).isEqualTo(room);
        assertThat(pin.permalink()).isEqualTo("https://matrix.to/#/" + room + "/" + message + "?via=localhost");
        assertThat(handler.reactions().stream().filter(r -> r.messageId().equals(message))).hasSize(1);
    }

    @Test
    void userTextIsEscapedAndPingsNobodyWhileAMentionPings() {
        String room = roomWithBot(hs.alice());
        hs.alice().client().invite(room, hs.bob().userId());
        hs.bob().client().join(room);

        String command = hs.alice().say(room, "!incident sev1 <b>db</b> down @room");
        RoomEvent reply = hs.alice().awaitEvent(room, e -> repliesTo(e, command));
        assertThat(reply.text("formatted_body")).contains("&lt;b&gt;db&lt;/b&gt; down @room").doesNotContain("<b>");
        assertThat(reply.content().path("m.mentions").has("room")).isFalse();

        ConversationRef conversation = new ConversationRef(room, "test");
        MessageRef quiet = platform.post(conversation, RichMessage.of(Text.of(new Span.Plain("@room <b>everyone</b> look"))),
                "quiet-" + UUID.randomUUID());
        MessageRef ping = platform.post(conversation, RichMessage.of(Text.of(new Span.Plain("over to you "),
                Span.Mention.of(new Person(hs.bob().userId(), "bob")))), "ping-" + UUID.randomUUID());

        // The homeserver evaluates push rules as it stores an event: bob's highlights show who was pinged.
        List<String> highlighted = new ArrayList<>();
        hs.bob().highlights().path("notifications").forEach(n -> highlighted.add(n.path("event").path("event_id").asText()));
        assertThat(highlighted).contains(ping.id()).doesNotContain(quiet.id(), reply.eventId());
        RoomEvent quietSeen = hs.bob().awaitEvent(room, e -> e.eventId().equals(quiet.id()));
        assertThat(quietSeen.text("msgtype")).isEqualTo("m.notice");
        assertThat(quietSeen.text("formatted_body")).isEqualTo("<p>@room &lt;b&gt;everyone&lt;/b&gt; look</p>");
        assertThat(mentionedUsers(quietSeen.content())).isEmpty();
        assertThat(quietSeen.content().path("m.mentions").has("room")).isFalse();
    }
}
