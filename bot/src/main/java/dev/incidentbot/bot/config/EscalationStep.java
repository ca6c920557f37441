package dev.incidentbot.bot.config;

import java.time.Duration;
import java.util.List;

/** After {@code after} (counted from the declare) without acknowledgement, notify these mention targets. */
public record EscalationStep(Duration after, List<String> targets) {
    public EscalationStep {
        targets = List.copyOf(targets);
    }
}
