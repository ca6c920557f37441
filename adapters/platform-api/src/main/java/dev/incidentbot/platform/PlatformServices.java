package dev.incidentbot.platform;

import dev.incidentbot.chat.ConsumerLease;
import dev.incidentbot.chat.PlatformState;
import java.time.Clock;

/** What the engine lends a platform: durable state, the lease that makes one replica its event consumer, a clock. */
public interface PlatformServices {
    /** Key-value state kept in the bot's database under {@code namespace} (e.g. a sync token, a login). */
    PlatformState state(String namespace);

    /** On PostgreSQL, one replica at a time holds {@code name}; on SQLite the only process always does. */
    ConsumerLease consumerLease(String name);

    Clock clock();
}
