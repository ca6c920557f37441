package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.IncidentEvent;
import dev.incidentbot.bot.core.IncidentEvent.Acknowledged;
import dev.incidentbot.bot.core.IncidentEvent.CommanderAssigned;
import dev.incidentbot.bot.core.IncidentEvent.Declared;
import dev.incidentbot.bot.core.IncidentEvent.Resolved;
import dev.incidentbot.bot.core.IncidentEvent.RoleAssigned;
import dev.incidentbot.bot.core.IncidentEvent.SeverityChanged;
import dev.incidentbot.bot.core.IncidentEvent.StatusChanged;
import dev.incidentbot.bot.core.IncidentEvent.UpdatePosted;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Person;

/** The core's events as the timeline stores them: the same records and fields as ever, so old chains verify. */
final class TimelineEncoding implements IncidentEvent.Visitor<TimelineEvent> {
    private static final TimelineEncoding INSTANCE = new TimelineEncoding();

    static TimelineEvent of(IncidentEvent event) {
        return event.accept(INSTANCE);
    }

    @Override
    public TimelineEvent declared(Declared e) {
        return new TimelineEvent.Declared(e.title(), e.severity(), e.drill(), e.impact(), e.conversation());
    }

    @Override
    public TimelineEvent acknowledged(Acknowledged e) {
        return new TimelineEvent.Acknowledged();
    }

    @Override
    public TimelineEvent commanderAssigned(CommanderAssigned e) {
        return new TimelineEvent.CommanderAssigned(e.commander().id(), e.commander().displayName(),
                e.previous().map(Person::id).orElse(""), e.previous().map(Person::displayName).orElse(""));
    }

    @Override
    public TimelineEvent roleAssigned(RoleAssigned e) {
        return new TimelineEvent.RoleAssigned(e.role(), e.holder().id(), e.holder().displayName());
    }

    @Override
    public TimelineEvent updatePosted(UpdatePosted e) {
        return new TimelineEvent.UpdatePosted(e.progress(), e.status(), e.impact(), e.next(), e.eta());
    }

    @Override
    public TimelineEvent severityChanged(SeverityChanged e) {
        return new TimelineEvent.SeverityChanged(e.from(), e.to());
    }

    @Override
    public TimelineEvent statusChanged(StatusChanged e) {
        return new TimelineEvent.StatusChanged(e.from().word(), e.to().word());
    }

    @Override
    public TimelineEvent resolved(Resolved e) {
        return new TimelineEvent.Resolved(e.solution(), e.rootCause(), e.followUp());
    }
}
