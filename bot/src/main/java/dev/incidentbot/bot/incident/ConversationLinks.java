package dev.incidentbot.bot.incident;

import dev.incidentbot.chat.ConversationRef;
import java.util.Optional;

/** A link that opens an incident's conversation, by the platform it lives on; what integrations hand to the outside. */
@FunctionalInterface
public interface ConversationLinks {
    ConversationLinks NONE = (platform, conversation) -> Optional.empty();

    Optional<String> of(String platform, ConversationRef conversation);
}
