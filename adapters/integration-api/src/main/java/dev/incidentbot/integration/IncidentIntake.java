package dev.incidentbot.integration;

import java.util.Optional;
import java.util.Set;

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

    /** A chat platform by name and a conversation on it, e.g. {@code slack} and {@code C0123ABCD}. */
    record Place(String platform, String conversation) { }

    /**
     * A timeline entry from a source, and the keys of what it reports (e.g. alert states): they are remembered with
     * the entry in one transaction, so {@link #known} tells a repeat from news even across a crash.
     */
    record Entry(String text, Set<String> keys) {
        public Entry {
            keys = Set.copyOf(keys);
        }
    }

    /**
     * Declare as {@link #declare(String, String, String, String)} does, announced in {@code announceIn} when given,
     * with {@code first} on the new timeline, all in one transaction. When an incident for {@code externalKey} is
     * already open, {@code first} goes to that one instead: never two open incidents for one key. Returns the number.
     */
    long declare(String source, String externalKey, String severity, String title, Optional<Place> announceIn, Entry first);

    /**
     * Add {@code entry} to the timeline; with {@code tellCommander} also post it in the incident conversation,
     * addressed to the commander (to everyone there while there is none).
     */
    void add(long incident, String source, Entry entry, boolean tellCommander);

    /** The keys of every entry {@code source} has added to the incident. */
    Set<String> known(long incident, String source);
}
