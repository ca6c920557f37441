package dev.incidentbot.bot.incident;

import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Names incident conversations from the configured pattern ({@code inc-{date}-{n}-{slug}}): lowercase, only a-z,
 * 0-9 and dashes, at most 80 characters — what Slack accepts, and readable everywhere else.
 */
public final class ChannelNamer {
    public static final int MAX_LENGTH = 80;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final String pattern;

    public ChannelNamer(String pattern) {
        this.pattern = pattern;
    }

    public String name(long number, Instant declaredAt, String title) {
        String fixed = pattern.replace("{date}", DATE.format(declaredAt)).replace("{n}", Long.toString(number));
        String withoutSlug = sanitize(fixed.replace("{slug}", ""));
        int room = MAX_LENGTH - withoutSlug.length();
        String slug = slug(title, Math.max(0, room));
        String name = sanitize(fixed.replace("{slug}", slug));
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH).replaceAll("-+$", "") : name;
    }

    static String slug(String title, int max) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > max) {
            slug = slug.substring(0, max);
            int cut = slug.lastIndexOf('-');
            if (cut > max / 2) {
                slug = slug.substring(0, cut);
            }
        }
        return slug.replaceAll("-+$", "");
    }

    private static String sanitize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("-{2,}", "-").replaceAll("(^-+|-+$)", "");
    }
}
