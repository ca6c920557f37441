package dev.incidentbot.chat.testing;

import dev.incidentbot.chat.PlatformState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link PlatformState} held in memory, for adapter tests. */
public final class InMemoryPlatformState implements PlatformState {
    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void put(String key, String value) {
        values.put(key, value);
    }
}
