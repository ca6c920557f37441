package dev.incidentbot.bot.core;

/** A command that cannot apply: nothing changes, and the message (what to do instead) goes back to the sender. */
public final class Rejected extends RuntimeException {
    public Rejected(String message) {
        super(message, null, false, false);
    }
}
