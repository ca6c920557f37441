package dev.incidentbot.chat;

import java.util.Objects;

/**
 * Where a reply to one inbound request goes (Slack's response_url, a Matrix room and event, a console person).
 * Opaque to the engine; only the platform that issued it reads it.
 */
public record ReplyHandle(String value) {
    public ReplyHandle {
        Objects.requireNonNull(value, "value");
    }
}
