package dev.incidentbot.chat;

/**
 * The engine side of the port. Platforms call it on their request thread and send the returned {@link Ack} at once;
 * implementations must answer quickly and push slow work elsewhere.
 */
@FunctionalInterface
public interface InboundHandler {
    Ack handle(ChatPlatform from, Inbound inbound);
}
