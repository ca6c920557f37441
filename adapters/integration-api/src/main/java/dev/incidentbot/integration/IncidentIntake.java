package dev.incidentbot.integration;

import java.util.Optional;

/**
 * How an inbound integration (an alert webhook) changes incidents, through the same transaction and outbox as a
 * chat command. Minimal on purpose; grow it as inbound integrations need.
 */
public interface IncidentIntake {
    /** The open incident recorded for {@code externalKey} of {@code source} (e.g. an Alertmanager groupKey). */
    Optional<Long> findOpen(String source, String externalKey);

    /**
     * Declare an incident as the bot, "from {@code source}", announced where the first chat platform announces, and
     * remember {@code externalKey} for {@link #findOpen}. Returns the incident number. Throws
     * {@link IllegalArgumentException} for an unknown severity.
     */
    long declare(String source, String externalKey, String severity, String title);

    /** Add a note from {@code source} to the incident's timeline. */
    void note(long incident, String source, String text);
}
