package dev.incidentbot.bot.incident;

import dev.incidentbot.chat.ChatPlatform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How people type the bot's command on each platform ({@code /incident} on Slack, {@code !incident} on Matrix). The
 * bot's own texts are written with {@link #CANONICAL}; {@link #on} rewrites them for a platform. Quoted text
 * ({@code "..."}, where the bot echoes what someone typed) is left as it is.
 */
public final class CommandWording {
    public static final String CANONICAL = "/incident";
    private static final Pattern QUOTED_OR_COMMAND = Pattern.compile("\"[^\"\\n]*\"|(?<![\\w/!.-])/incident(?![\\w-])");

    private final Map<String, String> prefixes;

    public CommandWording(Map<String, String> prefixesByPlatform) {
        this.prefixes = Map.copyOf(prefixesByPlatform);
    }

    /** Every platform's own prefix. */
    public static CommandWording of(List<ChatPlatform> platforms) {
        Map<String, String> prefixes = new LinkedHashMap<>();
        platforms.forEach(p -> prefixes.putIfAbsent(p.name(), p.commandPrefix()));
        return new CommandWording(prefixes);
    }

    /** {@code /incident} everywhere: for tests and tools without platforms. */
    public static CommandWording canonical() {
        return new CommandWording(Map.of());
    }

    public String prefix(String platform) {
        return prefixes.getOrDefault(platform, CANONICAL);
    }

    /** {@code text}, written with {@code /incident}, as people on {@code platform} type it. */
    public String on(String platform, String text) {
        return rewrite(text, prefix(platform));
    }

    public static String rewrite(String text, String prefix) {
        if (prefix.equals(CANONICAL)) {
            return text;
        }
        Matcher m = QUOTED_OR_COMMAND.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group().startsWith("\"") ? m.group() : prefix));
        }
        m.appendTail(out);
        return out.toString();
    }
}
