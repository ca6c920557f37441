package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.store.IntegrationCallStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;

/** Integration calls made once per key, and external references ({@link IntegrationCallStore}), in one unit of work. */
public final class IntegrationCalls {
    private final IntegrationCallStore calls = new IntegrationCallStore();
    private final Connection c;

    IntegrationCalls(Connection c) {
        this.c = c;
    }

    /** Records the call; false if this incident, integration and key had one already. */
    public boolean firstCall(long incident, String integration, String key, Instant now) throws SQLException {
        return calls.firstCall(c, incident, integration, key, now);
    }

    public void linkOutbox(long incident, String integration, String key, long outboxId) throws SQLException {
        calls.linkOutbox(c, incident, integration, key, outboxId);
    }

    public void storeRef(long incident, String integration, String key, String value, Instant now) throws SQLException {
        calls.storeRef(c, incident, integration, key, value, now);
    }

    public Set<String> refKeys(long incident, String integration) throws SQLException {
        return calls.refKeys(c, incident, integration);
    }
}
