package dev.incidentbot.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code createRoom} request. {@code aliasLocalpart} empty means no alias; {@code invite} are MXIDs.
 * {@code privateRoom} picks the {@code private_chat} preset (invite only), otherwise {@code public_chat}.
 * {@code initialState} are state events (type to content, state key empty) the room starts with;
 * {@code eventPowerLevels} override the power needed to send those event types; {@code direct} marks a direct chat.
 */
public record CreateRoom(String name, String topic, String aliasLocalpart, List<String> invite, boolean privateRoom,
                         Map<String, JsonNode> initialState, Map<String, Integer> eventPowerLevels, boolean direct) {
    public CreateRoom {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(aliasLocalpart, "aliasLocalpart");
        invite = List.copyOf(invite);
        initialState = Map.copyOf(initialState);
        eventPowerLevels = Map.copyOf(eventPowerLevels);
    }

    public CreateRoom(String name, String topic, String aliasLocalpart, List<String> invite, boolean privateRoom) {
        this(name, topic, aliasLocalpart, invite, privateRoom, Map.of(), Map.of(), false);
    }

    public CreateRoom(String name, String topic, String aliasLocalpart, List<String> invite, boolean privateRoom,
                      Map<String, JsonNode> initialState, Map<String, Integer> eventPowerLevels) {
        this(name, topic, aliasLocalpart, invite, privateRoom, initialState, eventPowerLevels, false);
    }

    /** A direct room with one person: no name (clients show theirs), {@code is_direct} on the invite. */
    public static CreateRoom directWith(String userId) {
        return new CreateRoom("", "", "", List.of(userId), true, Map.of(), Map.of(), true);
    }
}
