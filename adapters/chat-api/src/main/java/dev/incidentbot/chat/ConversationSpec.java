package dev.incidentbot.chat;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A conversation to create. {@code name} is a suggestion in the platform-neutral form {@code inc-20261126-7-slug};
 * the platform may add a suffix if the name is taken. {@code invitees} are mention targets as in {@link Span.Mention};
 * {@code inviteReasons} says to some of them why they are invited (see {@link ChatPlatform#invite(ConversationRef,
 * List, String)}).
 */
public record ConversationSpec(String name, String topic, List<String> invitees, boolean privateConversation,
                               Map<String, String> inviteReasons) {
    public ConversationSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        invitees = List.copyOf(invitees);
        inviteReasons = inviteReasons == null ? Map.of() : Map.copyOf(inviteReasons);
    }

    public ConversationSpec(String name, String topic, List<String> invitees, boolean privateConversation) {
        this(name, topic, invitees, privateConversation, Map.of());
    }
}
