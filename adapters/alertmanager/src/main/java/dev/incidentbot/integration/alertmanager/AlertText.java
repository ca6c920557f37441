package dev.incidentbot.integration.alertmanager;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How alerts read on an incident's timeline and in its title. */
public final class AlertText {
    /** A storm must not turn into a wall of text (or a burst of chat posts): one entry lists at most this many. */
    static final int MAX_ALERTS_PER_ENTRY = 20;
    private static final int MAX_TITLE = 150;
    private static final int MAX_VALUE = 300;

    private AlertText() { }

    /**
     * The title: the group's {@code summary} annotation, else the first firing alert's, else the alert name and
     * its labels.
     */
    public static String title(AlertNotification group) {
        String summary = group.commonAnnotations().get("summary");
        if (summary == null) {
            summary = group.firing().stream().map(a -> a.annotations().get("summary"))
                    .filter(s -> s != null && !s.isBlank()).findFirst().orElse(null);
        }
        if (summary != null && !summary.isBlank()) {
            return shorten(oneLine(summary), MAX_TITLE);
        }
        Alert first = group.firing().isEmpty() ? group.alerts().get(0) : group.firing().get(0);
        Map<String, String> others = new java.util.TreeMap<>(group.commonLabels().isEmpty()
                ? first.labels() : group.commonLabels());
        others.remove("alertname");
        return shorten(first.alertName() + (others.isEmpty() ? "" : " " + labels(others)), MAX_TITLE);
    }

    /** One timeline entry for what a notification brought: each alert's labels, annotations and source link. */
    public static String entry(String heading, List<Alert> alerts) {
        StringBuilder out = new StringBuilder(heading);
        alerts.stream().limit(MAX_ALERTS_PER_ENTRY).forEach(a -> out.append('\n').append(line(a)));
        if (alerts.size() > MAX_ALERTS_PER_ENTRY) {
            out.append("\n… and ").append(alerts.size() - MAX_ALERTS_PER_ENTRY)
                    .append(" more (see Alertmanager for the full list)");
        }
        return out.toString();
    }

    static String line(Alert a) {
        StringBuilder out = new StringBuilder("• ").append(a.status().wire()).append(' ').append(a.alertName());
        Map<String, String> labels = new java.util.TreeMap<>(a.labels());
        labels.remove("alertname");
        if (!labels.isEmpty()) {
            out.append(' ').append(labels(labels));
        }
        a.annotations().forEach((k, v) -> out.append(" | ").append(k).append(": ").append(shorten(oneLine(v), MAX_VALUE)));
        a.generatorUrl().ifPresent(url -> out.append(" | source: ").append(url));
        return out.toString();
    }

    private static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + shorten(oneLine(e.getValue()), MAX_VALUE))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
