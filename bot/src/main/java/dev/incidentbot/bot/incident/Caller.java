package dev.incidentbot.bot.incident;

import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.ReplyHandle;

/** Who asked, where, on which platform, and how to answer them. {@code deliveryId} is empty when unknown. */
public record Caller(ChatPlatform platform, Person person, ConversationRef conversation, ReplyHandle reply,
                     String deliveryId) {
}
