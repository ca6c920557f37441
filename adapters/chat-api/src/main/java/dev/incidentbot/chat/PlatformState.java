package dev.incidentbot.chat;

import java.util.Optional;

/**
 * Durable key/value storage the engine lends a platform for its own bookkeeping (Matrix sync token, device id,
 * access token obtained by login). Keys are scoped to the platform; values survive restarts.
 */
public interface PlatformState {
    Optional<String> get(String key);

    void put(String key, String value);
}
