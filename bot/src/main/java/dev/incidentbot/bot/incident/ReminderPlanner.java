package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Incident;

/**
 * Told after every committed change to an incident, so it can (re)plan the reminders and escalations that depend on
 * its state. Planning must be O(1) per incident.
 */
public interface ReminderPlanner {
    ReminderPlanner NONE = incident -> { };

    void replan(Incident incident);
}
