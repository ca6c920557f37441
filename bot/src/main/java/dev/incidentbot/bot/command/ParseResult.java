package dev.incidentbot.bot.command;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.incident.CommandWording;

/** A parsed command, or a one-line error with the usage of the closest command. */
public sealed interface ParseResult {
    record Parsed(Command command) implements ParseResult { }

    record Invalid(String error, String usage) implements ParseResult {
        /** What the user sees: the error, then what to type instead. */
        public String message() {
            return error + "\nUsage: " + usage;
        }

        /** The same, with the command typed as {@code prefix}. */
        public String message(String prefix) {
            return CommandWording.rewrite(message(), prefix);
        }
    }
}
