package dev.incidentbot.bot.store;

import dev.incidentbot.integration.ExternalRefs;
import java.time.Clock;
import java.util.Optional;

/** {@link ExternalRefs} of one incident and integration over the {@code external_ref} table; each store commits. */
public final class StoredExternalRefs implements ExternalRefs {
    private final Database db;
    private final long incident;
    private final String integration;
    private final Clock clock;
    private final IntegrationCallStore store = new IntegrationCallStore();

    public StoredExternalRefs(Database db, long incident, String integration, Clock clock) {
        this.db = db;
        this.incident = incident;
        this.integration = integration;
        this.clock = clock;
    }

    @Override
    public Optional<String> find(String key) {
        return db.read(c -> store.findRef(c, incident, integration, key));
    }

    @Override
    public void store(String key, String value) {
        db.inTransaction(c -> {
            store.storeRef(c, incident, integration, key, value, clock.instant());
            return null;
        });
    }
}
