package dev.incidentbot.bot.runner;

import dev.incidentbot.bot.config.Quoted;

/** Quotes user input inside our own one-line messages: control characters escaped, length bounded (as config values are). */
final class EchoedText {
    private EchoedText() {
    }

    static String quote(String text) {
        return Quoted.value(text);
    }

    /** Control and format characters (NUL, newline, zero-width and bidi marks): never part of an accepted value. */
    static boolean isInvisible(int codePoint) {
        return Quoted.isInvisible(codePoint);
    }
}
