package dev.incidentbot.chat;

/**
 * One try at a side effect. {@code key} is the same on every try of one logical send (Matrix transaction ids, Slack
 * message metadata); {@code earlierMayHaveLanded} is true when an earlier try began and its outcome was never recorded
 * (a timeout, or a crash between sending and recording), so a platform that cannot deduplicate looks first.
 */
public record Attempt(String key, boolean earlierMayHaveLanded) {
    public static Attempt first(String key) {
        return new Attempt(key, false);
    }
}
