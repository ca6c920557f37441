package dev.incidentbot.bot.core;

import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An incident as stored. {@code roles} maps a role name (commander, scribe, comms, ...) to who holds it;
 * {@code milestones} holds the moments reached so far. Each command that changes it is a method returning the
 * {@link Transition}: the new state and its events; the engine stores and announces them.
 */
public record Incident(long number, String platform, String title, String severity, Status status, boolean drill,
                       String impact, Person declaredBy, ConversationRef origin, String conversationName,
                       Instant declaredAt, Map<String, Person> roles, Map<Milestone, Instant> milestones) {
    public static final String COMMANDER = "commander";

    public Incident {
        roles = Map.copyOf(roles);
        milestones = Map.copyOf(milestones);
    }

    /** A new incident, declared by {@code by} at {@code at} as {@code severity} (a key, e.g. "sev2"). */
    public static Transition declare(long number, String platform, String title, String severity, boolean drill,
                                     Person by, ConversationRef origin, String conversationName, Instant at) {
        Incident i = new Incident(number, platform, title, severity, Status.DECLARED, drill, "", by, origin,
                conversationName, at, Map.of(), Map.of());
        return Transition.of(i, by, List.of(new IncidentEvent.Declared(title, severity, drill, "", conversationName)));
    }

    public String id() {
        return IncidentId.format(number);
    }

    public Optional<Person> commander() {
        return Optional.ofNullable(roles.get(COMMANDER));
    }

    public Optional<Instant> milestone(Milestone m) {
        return Optional.ofNullable(milestones.get(m));
    }

    public boolean isOpen() {
        return status.isOpen();
    }

    public boolean isAcknowledged() {
        return milestones.containsKey(Milestone.ACKNOWLEDGED);
    }

    /** This incident, if it is open; what changes it needs an open incident. */
    public Incident requireOpen() {
        if (!isOpen()) {
            throw new Rejected(id() + " is resolved. Notes, action items, the timeline and export still work; declare a new incident if it is back.");
        }
        return this;
    }

    public Transition acknowledge(Person by, Instant at) {
        requireOpen();
        if (isAcknowledged()) {
            return Transition.none(this, by, id() + " is already acknowledged.");
        }
        Incident after = with(status.onAcknowledge(), roles, reached(at, Milestone.ACKNOWLEDGED), impact, severity);
        return Transition.of(after, by, List.of(new IncidentEvent.Acknowledged()));
    }

    /** {@code next} takes command (taking command acknowledges). */
    public Transition assignCommander(Person next, Person by, Instant at) {
        requireOpen();
        Optional<Person> previous = commander();
        if (previous.isPresent() && previous.get().id().equals(next.id())) {
            return Transition.none(this, by, next.displayName() + " is already commander of " + id() + ".");
        }
        Map<String, Person> holders = new HashMap<>(roles);
        holders.put(COMMANDER, next);
        Incident after = with(status.onAcknowledge(), holders, reached(at, Milestone.ACKNOWLEDGED), impact, severity);
        List<IncidentEvent> events = acknowledgedIfNot();
        events.add(new IncidentEvent.CommanderAssigned(next, previous));
        return Transition.of(after, by, events);
    }

    public Transition assignRole(String role, Person holder, Person by) {
        requireOpen();
        Map<String, Person> holders = new HashMap<>(roles);
        holders.put(role, holder);
        return Transition.of(with(status, holders, milestones, impact, severity), by,
                List.of(new IncidentEvent.RoleAssigned(role, holder)));
    }

    /**
     * A status update. {@code written} is the status the author named, if it is an incident status; without one an
     * update moves a declared or acknowledged incident to investigating. {@code report.status()} is what they wrote.
     */
    public Transition applyUpdate(Optional<Status> written, IncidentEvent.UpdatePosted report, Person by, Instant at) {
        requireOpen();
        Status next = status.onUpdate(written);
        Map<Milestone, Instant> reached = new EnumMap<>(Milestone.class);
        reached.putAll(milestones);
        reached.put(Milestone.LAST_UPDATE, at);
        if (next == Status.MITIGATED) {
            reached.putIfAbsent(Milestone.MITIGATED, at);
        }
        reached.putIfAbsent(Milestone.ACKNOWLEDGED, at);
        Incident after = with(moveTo(next), roles, reached, report.impact().isEmpty() ? impact : report.impact(), severity);
        List<IncidentEvent> events = acknowledgedIfNot();
        if (next != status) {
            events.add(new IncidentEvent.StatusChanged(status, next));
        }
        events.add(report);
        return Transition.of(after, by, events);
    }

    /** To severity {@code to} (a key, e.g. "sev1"). */
    public Transition changeSeverity(String to, Person by) {
        requireOpen();
        if (to.equals(severity)) {
            return Transition.none(this, by, id() + " is already " + to.toUpperCase(Locale.ROOT) + ".");
        }
        return Transition.of(with(status, roles, milestones, impact, to), by,
                List.of(new IncidentEvent.SeverityChanged(severity, to)));
    }

    /** Setting a status acknowledges; mitigated is a milestone. */
    public Transition changeStatus(Status to, Person by, Instant at) {
        requireOpen();
        if (to == status) {
            return Transition.none(this, by, id() + " is already " + to.word() + ".");
        }
        Map<Milestone, Instant> reached = reached(at, to == Status.MITIGATED ? Milestone.MITIGATED : Milestone.ACKNOWLEDGED);
        reached.putIfAbsent(Milestone.ACKNOWLEDGED, at);
        Incident after = with(moveTo(to), roles, reached, impact, severity);
        List<IncidentEvent> events = acknowledgedIfNot();
        events.add(new IncidentEvent.StatusChanged(status, to));
        return Transition.of(after, by, events);
    }

    /** Resolved is final; an incident resolved without them was acknowledged and mitigated at the same moment. */
    public Transition resolve(String solution, String rootCause, String followUp, Person by, Instant at) {
        requireOpen();
        Map<Milestone, Instant> reached = reached(at, Milestone.ACKNOWLEDGED);
        reached.putIfAbsent(Milestone.MITIGATED, at);
        reached.put(Milestone.RESOLVED, at);
        return Transition.of(with(moveTo(Status.RESOLVED), roles, reached, impact, severity), by,
                List.of(new IncidentEvent.Resolved(solution, rootCause, followUp)));
    }

    private Status moveTo(Status next) {
        if (next != status && !status.mayBecome(next)) {
            throw new IllegalStateException(id() + " cannot go from " + status.word() + " to " + next.word());
        }
        return next;
    }

    private List<IncidentEvent> acknowledgedIfNot() {
        List<IncidentEvent> events = new ArrayList<>();
        if (!isAcknowledged()) {
            events.add(new IncidentEvent.Acknowledged());
        }
        return events;
    }

    private Map<Milestone, Instant> reached(Instant at, Milestone m) {
        Map<Milestone, Instant> reached = new EnumMap<>(Milestone.class);
        reached.putAll(milestones);
        reached.putIfAbsent(m, at);
        return reached;
    }

    private Incident with(Status s, Map<String, Person> holders, Map<Milestone, Instant> reached, String impactNow,
                          String severityNow) {
        return new Incident(number, platform, title, severityNow, s, drill, impactNow, declaredBy, origin,
                conversationName, declaredAt, holders, reached);
    }
}
