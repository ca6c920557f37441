package dev.incidentbot.bot.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** One row of the severity matrix: what it means, how fast to acknowledge and update, whom to escalate to. */
public record SeverityLevel(String key, String name, String definition, List<String> aliases,
                            Duration acknowledgeWithin, Duration updateEvery, Duration updateGrace,
                            boolean businessHoursOnly, List<EscalationStep> escalation) {
    public SeverityLevel {
        aliases = List.copyOf(aliases);
        escalation = List.copyOf(escalation);
    }

    /** "SEV1" for key "sev1": how the severity reads in messages and topics. */
    public String label() {
        return key.toUpperCase(Locale.ROOT);
    }

    /** The words that name this severity, for error messages: {@code sev1 (critical, p0, p1)}. */
    public String typedAs() {
        java.util.LinkedHashSet<String> others = new java.util.LinkedHashSet<>();
        if (!name.isBlank()) {
            others.add(name.toLowerCase(Locale.ROOT));
        }
        others.addAll(aliases);
        others.remove(key);
        return others.isEmpty() ? key : key + " (" + String.join(", ", others) + ")";
    }

    public boolean answersTo(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return key.equals(w) || name.toLowerCase(Locale.ROOT).equals(w) || aliases.contains(w);
    }
}
