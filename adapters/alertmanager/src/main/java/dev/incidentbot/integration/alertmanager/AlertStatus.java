package dev.incidentbot.integration.alertmanager;

import java.util.Locale;
import java.util.Optional;

/** Alertmanager's two states of an alert and of a group. */
public enum AlertStatus {
    FIRING, RESOLVED;

    static Optional<AlertStatus> parse(String wire) {
        return switch (wire) {
            case "firing" -> Optional.of(FIRING);
            case "resolved" -> Optional.of(RESOLVED);
            default -> Optional.empty();
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
