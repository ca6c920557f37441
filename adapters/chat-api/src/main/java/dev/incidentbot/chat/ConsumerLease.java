package dev.incidentbot.chat;

/**
 * Whether this process may consume a bot account's event stream now (Matrix /sync, Slack Socket Mode). Replicas of
 * the bot elect one consumer per account; the engine keeps the lease renewed, and a platform only asks, before each
 * poll or connection. A platform that loses the lease stops consuming; the next holder resumes from the state the
 * platform stored (e.g. Matrix's next_batch).
 */
@FunctionalInterface
public interface ConsumerLease {

    boolean held();

    /** One process, no election: always the consumer. */
    ConsumerLease ALWAYS = () -> true;
}
