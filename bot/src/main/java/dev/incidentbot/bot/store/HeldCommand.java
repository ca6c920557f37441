package dev.incidentbot.bot.store;

import java.time.Instant;

/** A command the sender was told was received, kept until it has run; {@code typed} as the parser reads it. */
public record HeldCommand(String platform, String deliveryId, String personId, String personName,
                          String conversationId, String conversationName, String replyHandle, String typed,
                          Instant receivedAt) {
}
