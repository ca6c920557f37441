package dev.incidentbot.bot.config;

/** A value from the config, or typed by a person, inside one of our one-line messages. */
public final class Quoted {
    private static final int MAX = 40;

    private Quoted() {
    }

    /**
     * A value from the config (or typed by a person) inside a one-line message: quoted, control characters escaped,
     * at most {@value #MAX} characters shown.
     */
    public static String value(String text) {
        StringBuilder sb = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            if (shown == MAX) {
                sb.append('…');
                break;
            }
            int cp = text.codePointAt(i);
            if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '"' || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (isInvisible(cp)) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
            shown++;
        }
        return sb.append('"').toString();
    }

    /** Control and format characters (NUL, newline, zero-width and bidi marks): never part of an accepted value. */
    public static boolean isInvisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE;
    }
}
