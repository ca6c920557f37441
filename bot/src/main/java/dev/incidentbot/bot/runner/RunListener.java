package dev.incidentbot.bot.runner;

/**
 * Lets the engine write timeline events as a run moves. Called on runner threads; {@code finished} is called before
 * the run's future completes. Exceptions thrown here are logged and do not affect the run.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    /** The limits were reached; {@code ahead} requests (of any incident) arrived earlier and still wait. */
    default void queued(RunRequest request, int ahead) {
    }

    default void started(RunRequest request) {
    }

    default void finished(RunRequest request, RunResult result) {
    }
}
