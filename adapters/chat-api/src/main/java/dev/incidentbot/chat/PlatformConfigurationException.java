package dev.incidentbot.chat;

/**
 * A platform cannot start because of how it was configured (a bad token, an unreachable homeserver). The bot stops
 * start-up with exit code 2 and prints the message, which names the variable or key to fix.
 */
public final class PlatformConfigurationException extends RuntimeException {
    private final String setting;

    public PlatformConfigurationException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    /** The environment variable or config key at fault, e.g. {@code SLACK_BOT_TOKEN}. */
    public String setting() {
        return setting;
    }
}
