package dev.incidentbot.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What a platform may read of the configuration: its own section (a missing node when absent), the environment
 * (credentials come from there, never from the file), and every escalation target with where it is configured.
 */
public record PlatformSettings(JsonNode section, Map<String, String> env, List<EscalationTarget> escalationTargets) {
    public PlatformSettings {
        env = Map.copyOf(env);
        escalationTargets = List.copyOf(escalationTargets);
    }

    /** {@code target} as written in step {@code step} (1-based) of severity {@code severity}'s escalation. */
    public record EscalationTarget(String severity, int step, String target) { }
}
