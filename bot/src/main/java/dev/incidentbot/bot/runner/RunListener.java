package dev.incidentbot.bot.runner;

/**
 * Lets the engine write timeline events as a run moves: {@code queued} (only when a limit holds it back, on the
 * submitting thread), then {@code started} and {@code finished} on runner threads, in that order for each run;
 * {@code finished} is called before the run's future completes. Exceptions thrown here are logged and do not
 * affect the run. Submitting another run from here is safe.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    /** The limits were reached; {@code ahead} requests (of any incident) arrived earlier and still wait. */
    default void queued(RunRequest request, int ahead) {
    }

    /** The run left the queue; its process starts next. */
    default void started(RunRequest request) {
    }

    default void finished(RunRequest request, RunResult result) {
    }
}
