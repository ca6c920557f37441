package dev.incidentbot.bot.runner;

import dev.incidentbot.platform.Durations;

import java.time.Duration;

/** How a run ended. */
public sealed interface Outcome permits Outcome.Exited, Outcome.TimedOut, Outcome.Failed, Outcome.Cancelled {
    /** One line for chat and the timeline, e.g. {@code exit 0} or {@code timed out after 10s, killed}. */
    String describe();

    record Exited(int code) implements Outcome {
        @Override
        public String describe() {
            return "exit " + code;
        }
    }

    /** The whole process tree was killed when the diagnostic's timeout passed. */
    record TimedOut(Duration limit) implements Outcome {
        @Override
        public String describe() {
            return "timed out after " + Durations.format(limit) + ", killed";
        }
    }

    /** Nothing ran, or the runner itself broke; {@code reason} says which. */
    record Failed(String reason) implements Outcome {
        @Override
        public String describe() {
            return "failed: " + reason;
        }
    }

    /** The runner shut down before or while the run executed; anything started was killed. */
    record Cancelled(String reason) implements Outcome {
        @Override
        public String describe() {
            return "cancelled: " + reason;
        }
    }
}
