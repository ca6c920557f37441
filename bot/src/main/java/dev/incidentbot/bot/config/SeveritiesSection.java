package dev.incidentbot.bot.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code severities:} (each level's cadences and escalation steps) and {@code severity_aliases:}; every word
 * that names a severity (key, name, alias) names only one.
 */
final class SeveritiesSection {
    private static final Set<String> SEVERITY_KEYS = Set.of("name", "definition", "aliases", "acknowledge_within",
            "update_every", "update_grace", "business_hours_only", "escalation");

    private final ConfigValues values;
    private final ConfigProblems problems;

    SeveritiesSection(ConfigValues values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** The levels of {@code severities}, with the aliases {@code aliases} adds to them. */
    List<SeverityLevel> read(JsonNode severities, JsonNode aliases) {
        List<SeverityLevel> levels = severities(severities);
        aliases(aliases, levels);
        return levels;
    }

    private List<SeverityLevel> severities(JsonNode node) {
        List<SeverityLevel> out = new ArrayList<>();
        if (!node.isObject() || node.isEmpty()) {
            problems.add("severities", "at least one severity is required (e.g. sev1 with acknowledge_within and update_every)");
            return out;
        }
        Set<String> words = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            severity(e.getKey(), e.getValue(), words).ifPresent(out::add);
        }
        return out;
    }

    /** {@code words}: the words earlier severities answer to. */
    private Optional<SeverityLevel> severity(String key, JsonNode s, Set<String> words) {
        String at = "severities." + key;
        if (!key.matches("[a-z0-9][a-z0-9_-]{0,30}")) {
            problems.add(at, "severity keys are lowercase letters, digits, - or _ (e.g. sev1)");
        }
        if (!s.isObject()) {
            problems.add(at, "expected a mapping with acknowledge_within, update_every, escalation");
            return Optional.empty();
        }
        values.unknownKeys(s, at, SEVERITY_KEYS);
        String name = s.path("name").isValueNode() ? s.path("name").asText("").strip() : "";
        if (name.isEmpty()) {
            problems.add(at + ".name", "missing; the name people see next to " + key + ", e.g. name: Critical");
            name = key;
        }
        List<String> aliases = new ArrayList<>();
        JsonNode aliasNode = s.path("aliases");
        if (!aliasNode.isMissingNode() && !aliasNode.isArray()) {
            problems.add(at + ".aliases", "expected a list, e.g. [p0, critical]");
        }
        for (JsonNode a : aliasNode) {
            aliases.add(a.asText().toLowerCase(Locale.ROOT));
        }
        for (String word : new LinkedHashSet<>(concat(key, name.toLowerCase(Locale.ROOT), aliases))) {
            if (!words.add(word)) {
                problems.add(at, Quoted.value(word) + " already names another severity");
            }
        }
        Duration ack = values.requiredDuration(s, at, "acknowledge_within");
        Duration every = values.requiredDuration(s, at, "update_every");
        Duration grace = s.has("update_grace") ? values.requiredDuration(s, at, "update_grace", Duration.ZERO)
                : every.dividedBy(3);
        List<EscalationStep> steps = escalation(s.path("escalation"), at);
        return Optional.of(new SeverityLevel(key, name, s.path("definition").asText(""), aliases, ack, every, grace,
                values.bool(s, at, "business_hours_only", false), steps));
    }

    private List<EscalationStep> escalation(JsonNode esc, String at) {
        List<EscalationStep> steps = new ArrayList<>();
        if (!esc.isMissingNode() && !esc.isArray()) {
            problems.add(at + ".escalation", "expected a list of {after, notify}");
        }
        int i = 0;
        for (JsonNode step : esc) {
            String stepAt = at + ".escalation[" + i++ + "]";
            values.unknownKeys(step, stepAt, Set.of("after", "notify"));
            // after: 0m means "at once": a one-off, not a loop
            Duration after = step.has("after") ? values.requiredDuration(step, stepAt, "after", Duration.ZERO)
                    : Duration.ZERO;
            List<String> notify = new ArrayList<>();
            JsonNode n = step.path("notify");
            if (n.isTextual()) {
                notify.add(n.asText());
            } else {
                n.forEach(x -> notify.add(x.asText()));
            }
            if (notify.isEmpty()) {
                problems.add(stepAt + ".notify", "missing; say whom to notify, e.g. notify: [\"@oncall-primary\"]");
            }
            steps.add(new EscalationStep(after, notify));
        }
        return steps;
    }

    private void aliases(JsonNode node, List<SeverityLevel> severities) {
        if (node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            problems.add("severity_aliases", "expected a mapping of alias to severity key, e.g. p0: sev1");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String target = e.getValue().asText();
            int index = -1;
            for (int i = 0; i < severities.size(); i++) {
                if (severities.get(i).key().equals(target)) {
                    index = i;
                }
            }
            if (index < 0) {
                problems.add("severity_aliases." + e.getKey(), "unknown severity key " + Quoted.value(target) + " (known: "
                        + String.join(", ", severities.stream().map(SeverityLevel::key).toList()) + ")");
                continue;
            }
            String alias = e.getKey().toLowerCase(Locale.ROOT);
            Optional<SeverityLevel> taken = severities.stream().filter(x -> x.answersTo(alias)).findFirst();
            if (taken.isPresent() && !taken.get().key().equals(target)) {
                problems.add("severity_aliases." + e.getKey(), Quoted.value(alias) + " already names " + taken.get().key());
                continue;
            }
            SeverityLevel s = severities.get(index);
            List<String> more = new ArrayList<>(s.aliases());
            more.add(alias);
            severities.set(index, new SeverityLevel(s.key(), s.name(), s.definition(), more, s.acknowledgeWithin(),
                    s.updateEvery(), s.updateGrace(), s.businessHoursOnly(), s.escalation()));
        }
    }

    private static List<String> concat(String a, String b, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(a);
        if (!b.equals(a)) {
            all.add(b);
        }
        all.addAll(rest);
        return all;
    }
}
