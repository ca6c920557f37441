package dev.incidentbot.bot.runner;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as operators write them: {@code 65536}, {@code 512B}, {@code 64KiB}, {@code 1MiB} (binary units only). */
public final class ByteSizes {
    private static final Pattern FORM = Pattern.compile("(\\d{1,10})\\s*(b|kib|mib)?");

    private ByteSizes() {
    }

    public static Optional<Long> parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        switch (unit) {
            case "kib": return Optional.of(n * 1024);
            case "mib": return Optional.of(n * 1024 * 1024);
            default: return Optional.of(n);
        }
    }

    /** The shortest exact form: 65536 -> "64KiB". */
    public static String format(long bytes) {
        if (bytes != 0 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "MiB";
        }
        if (bytes != 0 && bytes % 1024 == 0) {
            return bytes / 1024 + "KiB";
        }
        return bytes + "B";
    }
}
