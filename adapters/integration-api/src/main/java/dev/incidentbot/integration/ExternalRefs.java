package dev.incidentbot.integration;

import java.util.Optional;

/**
 * The external ids of one incident for one integration, kept by the engine: a later call (a Statuspage update) finds
 * the id an earlier one (the create) returned, and a retry after an unknown outcome finds what the first try made.
 * {@link #store} commits at once, so an id learned just before a crash survives it.
 */
public interface ExternalRefs {
    Optional<String> find(String key);

    void store(String key, String value);
}
