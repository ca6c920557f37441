package dev.incidentbot.slack;

import java.text.Normalizer;
import java.util.Locale;

/** Slack's channel-name rules: lowercase letters, digits, {@code -} and {@code _}, at most 80 characters. */
final class ChannelNames {

    static final int MAX_LENGTH = 80;

    private ChannelNames() {
    }

    /** A valid name as close to {@code suggested} as the rules allow ("Café: API!" becomes "cafe-api"). */
    static String valid(String suggested) {
        // Strip accents first so "é" keeps its letter instead of becoming a hyphen.
        String ascii = Normalizer.normalize(suggested, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String name = ascii.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_-]+", "-")
                .replaceAll("-{2,}", "-")
                .replaceAll("^[-_]+|[-_]+$", "");
        if (name.isEmpty()) {
            name = "incident";
        }
        return trim(name, MAX_LENGTH);
    }

    /** The {@code n}th alternative after {@code name_taken}: {@code name-2}, {@code name-3}, ... within 80 characters. */
    static String withSuffix(String validName, int n) {
        String suffix = "-" + n;
        return trim(validName, MAX_LENGTH - suffix.length()) + suffix;
    }

    private static String trim(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        return name.substring(0, max).replaceAll("[-_]+$", "");
    }
}
