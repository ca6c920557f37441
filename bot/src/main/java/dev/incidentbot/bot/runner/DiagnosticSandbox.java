package dev.incidentbot.bot.runner;

/** Runs one checked command to completion, however it ends; never throws for a failing program. */
public interface DiagnosticSandbox {
    RunResult run(PreparedCommand command);
}
