package dev.incidentbot.integration.alertmanager;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One webhook notification: one alert group as Alertmanager's route grouped it, identified by {@code groupKey}.
 * Shape from https://prometheus.io/docs/alerting/latest/configuration/#webhook_config (payload version 4).
 */
public record AlertNotification(String groupKey, AlertStatus status, String receiver,
                                SortedMap<String, String> groupLabels, SortedMap<String, String> commonLabels,
                                SortedMap<String, String> commonAnnotations, Optional<String> externalUrl,
                                List<Alert> alerts, int truncatedAlerts) {

    public AlertNotification {
        groupLabels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(groupLabels));
        commonLabels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(commonLabels));
        commonAnnotations = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(commonAnnotations));
        alerts = List.copyOf(alerts);
    }

    public List<Alert> firing() {
        return alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).toList();
    }

    public List<Alert> resolved() {
        return alerts.stream().filter(a -> a.status() == AlertStatus.RESOLVED).toList();
    }
}
