package dev.incidentbot.chat;

import java.util.Map;
import java.util.Objects;

/**
 * What a platform hands the engine. {@code deliveryId} identifies one delivery from the platform (Slack event_id or
 * trigger, Matrix event id) so retries are processed once; it is empty where the platform has none.
 */
public sealed interface Inbound {

    Person person();

    ConversationRef conversation();

    String deliveryId();

    /**
     * Text typed after the command prefix, e.g. {@code "sev1 checkout is down"} for {@code /incident sev1 ...}, decoded
     * from the platform's own markup: links and mentions the person typed are {@link Span.Link} and
     * {@link Span.Mention}; everything else, broadcast mentions included, is {@link Span.Plain}.
     */
    record Command(Text typed, Person person, ConversationRef conversation, ReplyHandle reply, String deliveryId)
            implements Inbound {
        public Command {
            Objects.requireNonNull(typed, "typed");
            Objects.requireNonNull(person, "person");
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(deliveryId, "deliveryId");
        }

        /** A command typed as plain text, where the platform has no markup of its own. */
        public Command(String text, Person person, ConversationRef conversation, ReplyHandle reply, String deliveryId) {
            this(Text.plain(text), person, conversation, reply, deliveryId);
        }

        /** The typed text as plain text (links as "label (url)", mentions as @label). */
        public String text() {
            return PlainTextRenderer.render(typed);
        }
    }

    /** A button press: {@code actionId} and {@code value} are what the {@link Button} carried. */
    record Action(String actionId, String value, Person person, ConversationRef conversation, ReplyHandle reply,
                  String deliveryId) implements Inbound {
        public Action {
            Objects.requireNonNull(actionId, "actionId");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(person, "person");
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(deliveryId, "deliveryId");
        }
    }

    /** A submitted form from a {@link Button} with inputs; {@code values} maps input id to what was typed. */
    record FormSubmission(String actionId, String value, Map<String, String> values, Person person,
                          ConversationRef conversation, ReplyHandle reply, String deliveryId) implements Inbound {
        public FormSubmission {
            Objects.requireNonNull(actionId, "actionId");
            Objects.requireNonNull(value, "value");
            values = Map.copyOf(values);
            Objects.requireNonNull(person, "person");
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(deliveryId, "deliveryId");
        }
    }

    /** A reaction added to a message; {@code author}, {@code text} and {@code permalink} describe that message. */
    record Reaction(String emoji, Person person, ConversationRef conversation, String messageId, Person author,
                    String text, String permalink, String deliveryId) implements Inbound {
        public Reaction {
            Objects.requireNonNull(emoji, "emoji");
            Objects.requireNonNull(person, "person");
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(permalink, "permalink");
            Objects.requireNonNull(deliveryId, "deliveryId");
        }
    }
}
