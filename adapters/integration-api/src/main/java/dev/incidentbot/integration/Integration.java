package dev.incidentbot.integration;

import java.util.List;

/**
 * One configured integration. {@link #react} decides, inside the engine's transaction, which calls to make; the outbox
 * stores them with the incident's change and {@link #perform}s them later: retried, in order per incident and
 * integration, resumed after a restart, never for a drill (the engine records on the timeline what would have been done).
 */
public interface Integration {
    String name();

    /**
     * The calls this signal asks for; empty when it concerns this integration not at all. Pure: no I/O, no clock
     * reads beyond {@link IntegrationContext#clock()}; may render templates. Runs inside the engine's transaction.
     */
    List<OutboundCall> react(IncidentSignal signal);

    /**
     * Make the call. Throw {@link dev.incidentbot.chat.DeliveryException.Retryable} for what may work later (5xx, 429,
     * network) and {@link dev.incidentbot.chat.DeliveryException.Permanent} for what never will (rejected, unknown page).
     * A call may be performed again after a crash between the send and the record: make it idempotent, or look in
     * {@code refs} for what an earlier try made and adopt it.
     */
    CallOutcome perform(OutboundCall call, ExternalRefs refs);

    /** Inbound HTTP endpoints mounted on the bot's Jetty (an Alertmanager webhook); none by default. */
    default List<HttpMount> mounts() {
        return List.of();
    }

    /** Called once the engine is running (e.g. to start a poller). */
    default void start() {
    }

    default void stop() {
    }
}
