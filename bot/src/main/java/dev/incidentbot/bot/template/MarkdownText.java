package dev.incidentbot.bot.template;

/** Escapes user text for Markdown, so titles like {@code <script>} or {@code *bold*} come out as typed. */
public final class MarkdownText {
    private static final String SPECIAL = "\\`*_[]<>|~&";

    private MarkdownText() {
    }

    public static String escape(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch == '\n' || ch == '\r') {
                out.append(' ');
            } else if (ch < ' ' && ch != '\t') {
                continue;
            } else if (SPECIAL.indexOf(ch) >= 0) {
                out.append('\\').append(ch);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
