package dev.incidentbot.bot.incident;

/** Moments the post-mortem figures are computed from. */
public enum Milestone {
    ACKNOWLEDGED, MITIGATED, RESOLVED, LAST_UPDATE
}
