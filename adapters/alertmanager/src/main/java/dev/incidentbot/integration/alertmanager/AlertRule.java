package dev.incidentbot.integration.alertmanager;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@code match}: every listed label must have the listed value; {@code declare}: the severity to declare. */
public record AlertRule(SortedMap<String, String> match, String declare) {
    public AlertRule {
        match = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(match));
    }

    public AlertRule(Map<String, String> match, String declare) {
        this(new TreeMap<>(match), declare);
    }

    /** A group matches when one of its firing alerts carries every listed label (a group's alerts may differ). */
    public boolean matches(AlertNotification group) {
        return group.firing().stream().anyMatch(a -> a.hasLabels(match));
    }
}
