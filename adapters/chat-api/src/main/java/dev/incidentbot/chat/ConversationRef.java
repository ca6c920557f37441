package dev.incidentbot.chat;

import java.util.Objects;

/** A channel or room. {@code id} is the platform's id (Slack C…, Matrix !room:server, console #name). */
public record ConversationRef(String id, String name) {
    public ConversationRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
