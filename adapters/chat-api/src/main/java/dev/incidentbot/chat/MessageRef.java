package dev.incidentbot.chat;

import java.util.Objects;

/** A message the bot posted, so it can later be updated or pinned (Slack ts, Matrix event id). */
public record MessageRef(ConversationRef conversation, String id) {
    public MessageRef {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(id, "id");
    }
}
