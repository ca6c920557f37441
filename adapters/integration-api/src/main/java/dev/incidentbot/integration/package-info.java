/**
 * The integration port: the world outside chat (paging, e-mail, status page, alerts, tickets) behind one interface.
 * Integrations are found with {@link java.util.ServiceLoader} ({@link dev.incidentbot.integration.IntegrationProvider}),
 * react to {@link dev.incidentbot.integration.IncidentSignal}s inside the engine's transaction, and are performed
 * through the outbox. They depend on this package and chat-api, never on the engine.
 */
package dev.incidentbot.integration;
