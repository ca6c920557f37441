package dev.incidentbot.bot.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in diagnostic output before it is stored or posted. A rule with a named group {@code secret} masks
 * only that group (so {@code password=} stays readable); any other rule masks its whole match.
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    /** The defaults; operators add more with {@code runner.redact}, they cannot remove these. */
    public static final List<String> DEFAULT_PATTERNS = List.of(
            "(?i)\\bbearer\\s+(?<secret>[A-Za-z0-9\\-._~+/]+=*)",
            "(?i)\\bauthorization:\\s*basic\\s+(?<secret>[A-Za-z0-9+/]+=*)",
            // key=value and "key": "value" where the key mentions a password, secret, token or API key;
            // prefixes are bounded so a long unbroken word costs linear time, not quadratic
            "(?i)[\\w.-]{0,40}(?:password|passwd|secret|token|api[_-]?key)[\\w.-]{0,40}[\"']?\\s*[=:]\\s*[\"']?(?<secret>[^\\s\"'&,;]+)",
            "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b",
            "(?i)aws_secret_access_key[\"']?\\s*[=:]\\s*[\"']?(?<secret>[A-Za-z0-9/+=]{40})",
            "\\bxox[abposr]-[A-Za-z0-9-]+",
            "\\bxapp-[A-Za-z0-9-]+",
            "(?i)\\b[a-z][a-z0-9+.-]{0,20}://[^/\\s:@]+:(?<secret>[^/\\s@]+)@",
            "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----");

    private final List<Pattern> rules;

    private Redactor(List<Pattern> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Redactor defaults() {
        return withExtra(List.of());
    }

    /** The defaults plus {@code extra}, which the config parser has already checked compile and match something. */
    public static Redactor withExtra(List<Pattern> extra) {
        List<Pattern> all = new ArrayList<>();
        for (String p : DEFAULT_PATTERNS) {
            all.add(Pattern.compile(p));
        }
        all.addAll(extra);
        return new Redactor(all);
    }

    public List<Pattern> rules() {
        return rules;
    }

    public String redact(String text) {
        String out = text;
        for (Pattern rule : rules) {
            out = apply(rule, out);
        }
        return out;
    }

    private static String apply(Pattern rule, String text) {
        Matcher m = rule.matcher(text);
        if (!m.find()) {
            return text;
        }
        boolean grouped = rule.pattern().contains("(?<secret>");
        StringBuilder sb = new StringBuilder(text.length());
        int last = 0;
        do {
            int start = grouped ? m.start("secret") : m.start();
            int end = grouped ? m.end("secret") : m.end();
            if (start < 0 || end <= start) {
                continue;
            }
            sb.append(text, last, start).append(MASK);
            last = end;
        } while (m.find());
        sb.append(text, last, text.length());
        return sb.toString();
    }
}
