package dev.incidentbot.bot.command;

/** A cursor over whitespace-separated words that can hand back the untouched rest. */
final class CommandWords {
    private final String text;
    private int pos;
    /** Words taken with {@link #next}. */
    private int taken;

    CommandWords(String text) {
        this.text = text.strip();
    }

    boolean hasMore() {
        return pos < text.length();
    }

    String peek() {
        int end = pos;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return text.substring(pos, end);
    }

    String next() {
        String word = peek();
        taken++;
        pos += word.length();
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return word;
    }

    int taken() {
        return taken;
    }

    String rest() {
        return text.substring(pos).strip();
    }
}
