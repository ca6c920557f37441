package dev.incidentbot.bot.core;

/** Moments the post-mortem figures are computed from. */
public enum Milestone {
    ACKNOWLEDGED, MITIGATED, RESOLVED, LAST_UPDATE
}
