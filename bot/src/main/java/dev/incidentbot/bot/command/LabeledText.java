package dev.incidentbot.bot.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Free text cut at {@code label:} markers, as updates ({@code eta: ...}) and resolutions ({@code root cause: ...}) are typed. */
final class LabeledText {
    private LabeledText() {
    }

    /** A label (lowercase, as typed) and the text after it, stripped; the first part's label is empty. */
    record Part(String label, String text) {
    }

    /** Splits {@code text} at the markers (group 1 is the label): part 0 is the text before the first marker. */
    static List<Part> split(String text, Pattern markers) {
        List<Part> out = new ArrayList<>();
        Matcher m = markers.matcher(text);
        int last = 0;
        String label = "";
        while (m.find()) {
            out.add(new Part(label, text.substring(last, m.start()).strip()));
            label = m.group(1).toLowerCase(Locale.ROOT);
            last = m.end();
        }
        out.add(new Part(label, text.substring(last).strip()));
        return out;
    }
}
