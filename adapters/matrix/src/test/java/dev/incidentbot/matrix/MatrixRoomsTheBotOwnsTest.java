package dev.incidentbot.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.chat.testing.InMemoryPlatformState;
import dev.incidentbot.matrix.testing.Synapse;
import dev.incidentbot.matrix.testing.TestHomeserver;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 13 item 1 and 2: the bot uses only rooms it made for the conversation, and leaves encrypted rooms. */
@ExtendWith(TestHomeserver.Extension.class)
@Tag("synapse")
class MatrixRoomsTheBotOwnsTest {
    private final TestHomeserver hs;
    private final String bot;
    private MatrixPlatform platform;

    MatrixRoomsTheBotOwnsTest(TestHomeserver hs) {
        this.hs = hs;
        this.bot = hs.bot().userId();
    }

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.stop();
        }
    }

    private MatrixPlatform platform(InMemoryPlatformState state) {
        return new MatrixPlatform(hs.botSettings(), state);
    }

    private static String name() {
        return "inc-20261202-" + UUID.randomUUID().toString().substring(0, 8) + "-checkout";
    }

    private static ConversationSpec spec(String name) {
        return new ConversationSpec(name, "SEV1 | investigating", List.of(), true);
    }

    private String creator(String roomId) {
        return hs.botClient().roomState(roomId).stream().filter(e -> e.type().equals("m.room.create"))
                .findFirst().orElseThrow().sender();
    }

    @Test
    void anAliasSomeoneElseTookIsNotUsedTheBotMakesItsOwnRoomUnderAnotherAlias() {
        String name = name();
        // mallory guesses the next incident's alias and makes a public room with it, inviting the bot.
        String squatted = hs.mallory().client().createRoom(new CreateRoom("trap", "", name, List.of(bot), false));

        ConversationRef room = platform(new InMemoryPlatformState()).createConversation(spec(name));

        assertThat(room.id()).isNotEqualTo(squatted);
        assertThat(creator(room.id())).isEqualTo(bot);
        assertThat(hs.botClient().resolveAlias("#" + name + "-2:" + Synapse.SERVER_NAME)).isEqualTo(room.id());
        assertThat(hs.botClient().resolveAlias("#" + name + ":" + Synapse.SERVER_NAME)).isEqualTo(squatted);
        assertThat(hs.mallory().membership(squatted, bot)).isEqualTo("invite");
        assertThat(hs.botClient().state(room.id(), MatrixPlatform.ROOM_MARKER, "").orElseThrow().path("name").asText())
                .isEqualTo(name);
    }

    @Test
    void aRestoredDatabaseDeclaringTheSameNameGetsANewRoomNotTheOldIncidentsRoom() {
        String name = name();
        InMemoryPlatformState before = new InMemoryPlatformState();
        ConversationRef old = platform(before).createConversation(spec(name));
        // A lost answer: the same installation asks again and gets the room it made.
        assertThat(platform(before).createConversation(spec(name)).id()).isEqualTo(old.id());

        ConversationRef fresh = platform(new InMemoryPlatformState()).createConversation(spec(name));

        assertThat(fresh.id()).isNotEqualTo(old.id());
        assertThat(creator(fresh.id())).isEqualTo(bot);
        assertThat(hs.botClient().resolveAlias("#" + name + "-2:" + Synapse.SERVER_NAME)).isEqualTo(fresh.id());
    }

    @Test
    void incidentRoomsStartUnencryptedAndOnlyTheBotMayTurnEncryptionOn() {
        ConversationRef room = platform(new InMemoryPlatformState()).createConversation(
                new ConversationSpec(name(), "SEV1", List.of(hs.alice().userId()), true));
        hs.alice().client().join(room.id());

        assertThat(hs.botClient().state(room.id(), "m.room.encryption", "")).isEmpty();
        ObjectNode encryption = hs.alice().client().json().createObjectNode().put("algorithm", "m.megolm.v1.aes-sha2");
        assertThatThrownBy(() -> hs.alice().client().putState(room.id(), "m.room.encryption", "", encryption))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("M_FORBIDDEN");
    }

    @Test
    void invitedToAnEncryptedRoomTheBotSaysOnceUnencryptedThatItCannotReadItAndLeaves() {
        platform = platform(new InMemoryPlatformState());
        platform.start(new RecordingHandler());
        await().atMost(Duration.ofSeconds(20)).until(platform::isReady);
        String room = hs.alice().client().createRoom(new CreateRoom("secret", "", "", List.of(bot), true,
                java.util.Map.of("m.room.encryption", hs.alice().client().json().createObjectNode()
                        .put("algorithm", "m.megolm.v1.aes-sha2")), java.util.Map.of()));

        await().atMost(Duration.ofSeconds(20)).until(() -> hs.alice().membership(room, bot).equals("leave"));
        List<RoomEvent> notices = hs.alice().events(room, e -> e.sender().equals(bot) && e.type().equals("m.room.message"));
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).text("body")).contains("cannot read encrypted messages", "!incident help");
        assertThat(notices.get(0).text("msgtype")).isEqualTo("m.notice");
    }

    @Test
    void whenARoomTurnsEncryptedTheBotSaysSoAndLeaves() {
        platform = platform(new InMemoryPlatformState());
        RecordingHandler handler = new RecordingHandler();
        platform.start(handler);
        await().atMost(Duration.ofSeconds(20)).until(platform::isReady);
        String room = hs.alice().roomWith(bot);
        await().atMost(Duration.ofSeconds(20)).until(() -> hs.alice().membership(room, bot).equals("join"));
        hs.alice().say(room, "!incident before");
        handler.awaitCommand("before");

        hs.alice().client().putState(room, "m.room.encryption", "",
                hs.alice().client().json().createObjectNode().put("algorithm", "m.megolm.v1.aes-sha2"));

        await().atMost(Duration.ofSeconds(20)).until(() -> hs.alice().membership(room, bot).equals("leave"));
        assertThat(hs.alice().events(room, e -> e.sender().equals(bot) && e.text("body").contains("cannot read encrypted")))
                .hasSize(1);
    }
}
