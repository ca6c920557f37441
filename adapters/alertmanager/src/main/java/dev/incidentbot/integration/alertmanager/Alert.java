package dev.incidentbot.integration.alertmanager;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert of a webhook notification (Alertmanager webhook payload version 4). Labels are kept sorted so the same
 * alert always reads the same on the timeline. {@code endsAt} is absent while Alertmanager does not know it
 * (it sends {@code 0001-01-01T00:00:00Z}).
 */
public record Alert(AlertStatus status, SortedMap<String, String> labels, SortedMap<String, String> annotations,
                    Instant startsAt, Optional<Instant> endsAt, Optional<String> generatorUrl, String fingerprint) {

    public Alert {
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    }

    public Optional<String> label(String name) {
        return Optional.ofNullable(labels.get(name));
    }

    public String alertName() {
        return labels.getOrDefault("alertname", "alert");
    }

    /** Whether every listed label has exactly the listed value on this alert. */
    public boolean hasLabels(Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /**
     * What identifies this alert's current state across repeated notifications: the same firing alert is resent
     * every repeat_interval, and must reach the timeline once; a new firing after a resolve is a new state.
     */
    public String stateKey() {
        return fingerprint + ":" + status.wire() + ":" + startsAt.toEpochMilli();
    }
}
