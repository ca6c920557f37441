package dev.incidentbot.bot.runner;

import java.util.Optional;

/** Who must approve a run before it starts. The engine enforces it; the runner only carries it. */
public enum Approval {
    NONE("none"),
    COMMANDER("commander"),
    SECOND_RESPONDER("second-responder");

    private final String configName;

    Approval(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static Optional<Approval> fromConfig(String text) {
        for (Approval a : values()) {
            if (a.configName.equals(text)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
