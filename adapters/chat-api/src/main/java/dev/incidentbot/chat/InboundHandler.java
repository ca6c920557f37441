package dev.incidentbot.chat;

/**
 * The engine side of the port. Platforms call it on their request thread and send the returned {@link Ack} at once;
 * implementations must answer quickly and push slow work elsewhere.
 */
@FunctionalInterface
public interface InboundHandler {
    Ack handle(ChatPlatform from, Inbound inbound);

    /**
     * An answer the platform could not send itself (its reply failed in a way worth retrying): the engine delivers it
     * durably, through its outbox, instead of it being lost.
     */
    default void answerLater(ChatPlatform from, ReplyHandle reply, RichMessage message) {
    }
}
