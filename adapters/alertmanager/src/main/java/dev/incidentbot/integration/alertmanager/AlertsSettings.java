package dev.incidentbot.integration.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.integration.IncidentIntake;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code alerts:} config section and the webhook token from the environment. Rules are tried in order; the
 * first that matches decides the severity.
 */
public record AlertsSettings(Optional<IncidentIntake.Place> announceIn, List<AlertRule> rules, Optional<String> webhookToken) {
    public static final String SECTION = "alerts";
    public static final String TOKEN_VARIABLE = "ALERTMANAGER_WEBHOOK_TOKEN";
    private static final Set<String> KEYS = Set.of("announce_in", "rules");
    private static final Set<String> RULE_KEYS = Set.of("match", "declare");

    public AlertsSettings {
        rules = List.copyOf(rules);
    }

    public Optional<AlertRule> firstMatch(AlertNotification group) {
        return rules.stream().filter(r -> r.matches(group)).findFirst();
    }

    /** One line per problem in the section; empty when it is usable. {@code severities}: the configured names. */
    public static List<String> validate(JsonNode section, Set<String> severities) {
        List<String> problems = new ArrayList<>();
        if (section == null || section.isNull()) {
            return problems;
        }
        if (!section.isObject()) {
            problems.add("alerts: must be a map with announce_in and rules");
            return problems;
        }
        section.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                problems.add("alerts." + k + ": unknown key (expected one of announce_in, rules)");
            }
        });
        JsonNode announce = section.get("announce_in");
        if (announce != null && !announce.isNull()) {
            if (!announce.isObject() || !announce.path("platform").isTextual()
                    || !announce.path("conversation").isTextual()
                    || announce.path("conversation").textValue().isBlank()) {
                problems.add("alerts.announce_in: write { platform: slack, conversation: C0123ABCD }");
            }
        }
        JsonNode rules = section.get("rules");
        if (rules == null || !rules.isArray() || rules.isEmpty()) {
            problems.add("alerts.rules: list at least one rule, e.g. - match: { severity: critical }  declare: sev1");
            return problems;
        }
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            String where = "alerts.rules[" + i + "]";
            if (!rule.isObject()) {
                problems.add(where + ": must be a map with match and declare");
                continue;
            }
            rule.fieldNames().forEachRemaining(k -> {
                if (!RULE_KEYS.contains(k)) {
                    problems.add(where + "." + k + ": unknown key (expected match, declare)");
                }
            });
            JsonNode match = rule.get("match");
            if (match == null || !match.isObject() || match.isEmpty()) {
                problems.add(where + ".match: list the labels that must match, e.g. { severity: critical }");
            } else {
                match.properties().forEach(e -> {
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        problems.add(where + ".match." + e.getKey() + ": must be a single value");
                    }
                });
            }
            JsonNode declare = rule.get("declare");
            if (declare == null || !declare.isTextual()) {
                problems.add(where + ".declare: name the severity to declare, one of " + String.join(", ", severities));
            } else if (!severities.isEmpty() && !severities.contains(declare.textValue())) {
                problems.add(where + ".declare: unknown severity \"" + declare.textValue() + "\" (one of "
                        + String.join(", ", severities) + ")");
            }
        }
        return problems;
    }

    /** The settings of a section {@link #validate} accepted. */
    public static AlertsSettings parse(JsonNode section, Map<String, String> env) {
        Optional<IncidentIntake.Place> announce = Optional.empty();
        JsonNode a = section.path("announce_in");
        if (a.isObject()) {
            announce = Optional.of(new IncidentIntake.Place(a.path("platform").asText(), a.path("conversation").asText()));
        }
        List<AlertRule> rules = new ArrayList<>();
        for (JsonNode rule : section.path("rules")) {
            TreeMap<String, String> match = new TreeMap<>();
            rule.path("match").properties().forEach(e -> match.put(e.getKey(), e.getValue().asText()));
            rules.add(new AlertRule(match, rule.path("declare").asText()));
        }
        Optional<String> token = Optional.ofNullable(env.get(TOKEN_VARIABLE)).filter(t -> !t.isBlank());
        return new AlertsSettings(announce, rules, token);
    }
}
