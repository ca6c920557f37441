package dev.incidentbot.bot.runner;

/** The answer to {@code run <name> [param=value ...]}: a command ready for the runner, or why not. */
public sealed interface Preparation permits Preparation.Ready, Preparation.Refused {
    record Ready(PreparedCommand command) implements Preparation {
    }

    /** {@code reason} is one line for the requester, e.g. {@code port: must match ^[0-9]{2,5}$ (got "x")}. */
    record Refused(String reason) implements Preparation {
    }
}
