package dev.incidentbot.bot.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * After {@code after} (counted from the declare) without acknowledgement, notify these targets: chat mentions
 * ({@code @oncall}, a Slack id, a Matrix user) and integration targets written {@code scheme:rest}
 * ({@code pagerduty:payments}, {@code email:lead@example.com}).
 */
public record EscalationStep(Duration after, List<String> targets) {
    /** A lowercase word and a colon, not starting with @ (Matrix users, @alice:example.org, are chat targets). */
    private static final Pattern INTEGRATION_TARGET = Pattern.compile("[a-z][a-z0-9_-]*:.+");

    public EscalationStep {
        targets = List.copyOf(targets);
    }

    /** The targets chat can mention and invite. */
    public List<String> chatTargets() {
        return targets.stream().filter(t -> !isIntegrationTarget(t)).toList();
    }

    public static boolean isIntegrationTarget(String target) {
        return INTEGRATION_TARGET.matcher(target).matches();
    }

    /** {@code pagerduty} for {@code pagerduty:payments}; empty for a chat target. */
    public static String scheme(String target) {
        return isIntegrationTarget(target) ? target.substring(0, target.indexOf(':')) : "";
    }
}
