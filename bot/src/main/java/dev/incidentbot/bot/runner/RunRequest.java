package dev.incidentbot.bot.runner;

/**
 * A run the engine has approved: its own id (the engine's {@code diagnostic_run} key), the incident it belongs to
 * (for the per-incident limit) and the checked command.
 */
public record RunRequest(String runId, String incidentKey, PreparedCommand command) {
    public RunRequest {
        java.util.Objects.requireNonNull(runId, "runId");
        java.util.Objects.requireNonNull(incidentKey, "incidentKey");
        java.util.Objects.requireNonNull(command, "command");
    }
}
