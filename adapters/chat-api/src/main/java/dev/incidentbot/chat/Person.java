package dev.incidentbot.chat;

import java.util.Objects;

/** Someone on a chat platform. {@code id} is the platform's stable id (Slack U…, Matrix @user:server, console name). */
public record Person(String id, String displayName) {
    public Person {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
    }

    public static Person of(String id) {
        return new Person(id, id);
    }
}
