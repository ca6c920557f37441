package dev.incidentbot.bot.reminder;

/** The reminders an incident can have pending; one Quartz trigger each, named after the kind. */
public enum ReminderKind {
    /** Nobody acknowledged: escalate along the chain, one step at a time. */
    ACKNOWLEDGE,
    /** The next status update is due: remind the commander. */
    UPDATE,
    /** Still no update a grace period after the reminder: escalate, once per step. */
    OVERDUE,
    /** After resolution: the post-mortem and action items with due dates. */
    FOLLOW_UP
}
