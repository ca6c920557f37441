package dev.incidentbot.matrix.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.matrix.CreateRoom;
import dev.incidentbot.matrix.MatrixClient;
import dev.incidentbot.matrix.RoomEvent;
import dev.incidentbot.matrix.Session;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/** A person driving the bot in tests: the same {@link MatrixClient}, plus what a human does in a client. */
public record Responder(Session session, MatrixClient client) {

    public String userId() {
        return session.userId();
    }

    /** A fresh private room with the bot invited. */
    public String roomWith(String botUserId) {
        return client.createRoom(new CreateRoom("test-" + UUID.randomUUID(), "", "", List.of(botUserId), true));
    }

    public String say(String roomId, String text) {
        ObjectNode content = client.json().createObjectNode().put("msgtype", "m.text").put("body", text);
        return client.send(roomId, "m.room.message", UUID.randomUUID().toString(), content);
    }

    public String react(String roomId, String eventId, String key) {
        ObjectNode content = client.json().createObjectNode();
        content.putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", eventId).put("key", key);
        return client.send(roomId, "m.reaction", UUID.randomUUID().toString(), content);
    }

    /** Waits until the room holds an event matching {@code match} among its latest 50, and returns it. */
    public RoomEvent awaitEvent(String roomId, Predicate<RoomEvent> match) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> find(roomId, match), Optional::isPresent).orElseThrow();
    }

    public Optional<RoomEvent> find(String roomId, Predicate<RoomEvent> match) {
        return client.latestMessages(roomId, 50).stream().filter(match).findFirst();
    }

    public List<RoomEvent> events(String roomId, Predicate<RoomEvent> match) {
        return client.latestMessages(roomId, 50).stream().filter(match).toList();
    }

    /** This person's membership in a room, as the room's state says. */
    public String membership(String roomId, String userId) {
        return client.state(roomId, "m.room.member", userId).map(m -> m.path("membership").asText()).orElse("none");
    }

    public JsonNode highlights() {
        return client.getJson("/_matrix/client/v3/notifications?only=highlight&limit=100");
    }
}
