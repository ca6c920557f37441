package dev.incidentbot.bot.core;

import dev.incidentbot.chat.Person;
import java.util.List;
import java.util.Optional;

/**
 * The result of a command on an incident: its state {@code after}, what happened ({@code events}, in order, all by
 * {@code by}), or, when the command changes nothing, why ({@code unchanged}: "INC-7 is already acknowledged.").
 */
public record Transition(Incident after, Person by, List<IncidentEvent> events, Optional<String> unchanged) {
    public Transition {
        events = List.copyOf(events);
    }

    public static Transition of(Incident after, Person by, List<IncidentEvent> events) {
        return new Transition(after, by, events, Optional.empty());
    }

    public static Transition none(Incident unchangedIncident, Person by, String why) {
        return new Transition(unchangedIncident, by, List.of(), Optional.of(why));
    }

    public boolean changed() {
        return unchanged.isEmpty();
    }
}
