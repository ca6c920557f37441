package dev.incidentbot.matrix;

import java.util.List;
import java.util.Objects;

/**
 * A {@code createRoom} request. {@code aliasLocalpart} empty means no alias; {@code invite} are MXIDs.
 * {@code privateRoom} picks the {@code private_chat} preset (invite only), otherwise {@code public_chat}.
 */
public record CreateRoom(String name, String topic, String aliasLocalpart, List<String> invite, boolean privateRoom) {
    public CreateRoom {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(aliasLocalpart, "aliasLocalpart");
        invite = List.copyOf(invite);
    }
}
