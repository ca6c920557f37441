package dev.incidentbot.bot.command;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.incident.Usage;

/** The parser's two answers, and how it echoes what was typed inside an error. */
final class ParseReplies {
    private ParseReplies() {
    }

    static ParseResult parsed(Command c) {
        return new ParseResult.Parsed(c);
    }

    /** {@code verb}: the command whose usage follows the error. */
    static ParseResult invalid(String error, String verb) {
        return new ParseResult.Invalid(error, Usage.of(verb));
    }

    static ParseResult noArguments(String rest, String verb, Command command) {
        return rest.isEmpty() ? parsed(command) : invalid("\"" + verb + "\" takes no text.", verb);
    }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
