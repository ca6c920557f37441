package dev.incidentbot.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an integration may read of the configuration: its own top-level sections (missing ones absent), the
 * environment (secrets come from there, never from the file), and the severities with their escalation targets.
 */
public record IntegrationSettings(Map<String, JsonNode> sections, Map<String, String> env, List<SeverityInfo> severities) {
    public IntegrationSettings {
        sections = Map.copyOf(sections);
        env = Map.copyOf(env);
        severities = List.copyOf(severities);
    }

    /** The section under top-level {@code key}, or a missing node (so {@code path(...)} chains still work). */
    public JsonNode section(String key) {
        JsonNode n = sections.get(key);
        return n == null ? MissingNode.getInstance() : n;
    }

    public Optional<String> envValue(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    /** Every escalation target, across severities and steps, that starts with {@code scheme + ":"}. */
    public List<String> targetsWithScheme(String scheme) {
        return severities.stream().flatMap(s -> s.escalationTargets().stream())
                .filter(t -> t.startsWith(scheme + ":")).distinct().toList();
    }

    /** One severity as configured: key ({@code sev1}), name ({@code Critical}) and every escalation target. */
    public record SeverityInfo(String key, String name, List<String> escalationTargets) {
        public SeverityInfo {
            escalationTargets = List.copyOf(escalationTargets);
        }
    }
}
