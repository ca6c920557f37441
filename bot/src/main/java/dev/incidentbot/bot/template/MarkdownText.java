package dev.incidentbot.bot.template;

/** Escapes user text for Markdown, so titles like {@code <script>} or {@code *bold*} come out as typed. */
public final class MarkdownText {
    private static final String SPECIAL = "\\`*_[]<>|~&#";

    private static final java.util.regex.Pattern LIST_MARKER = java.util.regex.Pattern.compile("[-+]|\\d{1,9}[.)]");

    private MarkdownText() {
    }

    public static String escape(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 8);
        // A value may start a line (a root cause does): keep it from opening a list item.
        java.util.regex.Matcher list = LIST_MARKER.matcher(raw);
        if (list.lookingAt()) {
            out.append(raw, 0, list.end() - 1).append('\\').append(raw.charAt(list.end() - 1));
            raw = raw.substring(list.end());
        }
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
