package dev.incidentbot.integration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One call to the world outside chat, as stored in the outbox: which integration, what action ({@code trigger},
 * {@code send}, {@code create_incident}...), the payload it needs, and its idempotency key. The engine enqueues a call
 * at most once per incident, integration and key, so a key like {@code trigger:payments} makes "one page per incident
 * and service" hold however often the signal comes. {@code summary} is one line for people: the timeline and drills.
 */
public record OutboundCall(String integration, String action, JsonNode payload, String idempotencyKey, String summary) {
    /**
     * The idempotency key of a call made for action item {@code n}: the external reference it returns (an issue URL)
     * is that item's tracker link, shown with the item in the post-mortem export.
     */
    public static String actionItemKey(int n) {
        return "action-item:" + n;
    }

    public OutboundCall {
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(summary, "summary");
        if (idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("an outbound call needs an idempotency key");
        }
    }
}
