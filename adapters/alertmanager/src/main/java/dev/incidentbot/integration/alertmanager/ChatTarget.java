package dev.incidentbot.integration.alertmanager;

/** Where alert-declared incidents are announced: a platform name and a conversation id on it. */
public record ChatTarget(String platform, String conversation) { }
