package dev.incidentbot.integration.alertmanager;

/** A request body that is not an Alertmanager webhook notification of version 4; the message says what is wrong. */
public final class MalformedNotification extends Exception {
    public MalformedNotification(String message) {
        super(message);
    }
}
