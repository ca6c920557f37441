package dev.incidentbot.bot.command;

import java.text.Normalizer;

/**
 * The one cleaning every piece of user text gets, whatever platform it came from: Unicode NFC; control characters,
 * bidi overrides and marks, lone surrogates and non-characters removed; zero-width spaces dropped and zero-width
 * joiners kept only between two visible characters (emoji sequences, Persian), so invisible text is empty text; every
 * kind of line break made {@code \n}. Titles are one line; bodies keep their lines.
 */
public final class UserText {

    private UserText() {
    }

    /** A title: cleaned, every line break and run of whitespace one space. Empty means nothing visible was typed. */
    public static String title(String raw) {
        return body(raw).replaceAll("\\s+", " ").strip();
    }

    /** Free text (updates, notes, reasons): cleaned, at most one blank line in a row, no trailing spaces. */
    public static String body(String raw) {
        String lines = cleaned(raw).replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n");
        return lines.strip();
    }

    /** The characters kept, without stripping: what a parser reads before it splits words. */
    static String cleaned(String raw) {
        String text = Normalizer.normalize(raw, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(text.length());
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            if (isLineBreak(cp)) {
                // \r\n is one break
                if (!(cp == '\r' && i + 1 < cps.length && cps[i + 1] == '\n')) {
                    out.append('\n');
                }
            } else if (cp == '\t') {
                out.append(' ');
            } else if (isJoiner(cp)) {
                if (i > 0 && i + 1 < cps.length && isVisible(cps[i - 1]) && isVisible(cps[i + 1])) {
                    out.appendCodePoint(cp);
                }
            } else if (!isRemoved(cp)) {
                out.appendCodePoint(cp);
            }
        }
        // again: a removed character may have kept two others from composing (e + U+200B + U+0301)
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    private static boolean isLineBreak(int cp) {
        return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    }

    /** ZWNJ and ZWJ: meaningful between letters or emoji, invisible anywhere else. */
    private static boolean isJoiner(int cp) {
        return cp == 0x200C || cp == 0x200D;
    }

    static boolean isRemoved(int cp) {
        return Character.isISOControl(cp)
                || isBidiControl(cp)
                || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF || cp == 0x180E // zero-width spaces
                || Character.getType(cp) == Character.SURROGATE
                || (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF); // non-characters
    }

    /** Embeddings, overrides, isolates and the marks: they reorder what others see (e.g. "txt.exe" as "exe.txt"). */
    private static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }

    private static boolean isVisible(int cp) {
        return !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && !isRemoved(cp) && !isJoiner(cp)
                && !isLineBreak(cp);
    }
}
