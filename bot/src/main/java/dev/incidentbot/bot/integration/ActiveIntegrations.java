package dev.incidentbot.bot.integration;

import dev.incidentbot.integration.Integration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The integrations this bot runs, by name. */
public final class ActiveIntegrations {
    public static final ActiveIntegrations NONE = new ActiveIntegrations(Map.of());

    private final Map<String, Integration> byName;

    public ActiveIntegrations(Map<String, Integration> byName) {
        this.byName = new LinkedHashMap<>(byName);
    }

    public Collection<Integration> all() {
        return byName.values();
    }

    public Optional<Integration> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Map<String, Integration> byName() {
        return Map.copyOf(byName);
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    public void startAll() {
        byName.values().forEach(Integration::start);
    }

    public void stopAll() {
        byName.values().forEach(i -> {
            try {
                i.stop();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ActiveIntegrations.class).warn("stopping {} failed", i.name(), e);
            }
        });
    }
}
