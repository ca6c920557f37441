package dev.incidentbot.bot.incident;

import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.bot.template.TypedText;
import java.util.Optional;

/** Who asked, where, on which platform, and how to answer them. {@code deliveryId} is empty when unknown. */
public record Caller(ChatPlatform platform, Person person, ConversationRef conversation, ReplyHandle reply,
                     String deliveryId) {
    /** A mention as the platform decoded it ({@link TypedText} token) or as the platform spells one in plain text. */
    public Optional<Person> personNamed(String mention) {
        return TypedText.person(mention).or(() -> platform.resolvePerson(mention));
    }
}
