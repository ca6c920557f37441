package dev.incidentbot.chat;

import java.util.List;
import java.util.Objects;

/**
 * A conversation to create. {@code name} is a suggestion in the platform-neutral form {@code inc-20261126-7-slug};
 * the platform may add a suffix if the name is taken. {@code invitees} are mention targets as in {@link Span.Mention}.
 */
public record ConversationSpec(String name, String topic, List<String> invitees, boolean privateConversation) {
    public ConversationSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        invitees = List.copyOf(invitees);
    }
}
