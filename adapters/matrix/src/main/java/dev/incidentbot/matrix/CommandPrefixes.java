package dev.incidentbot.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a command in an {@code m.room.message}: the body starts with one of the prefixes followed by a space or
 * the end. When the sender used pills (Element puts only display names in the plain body), the text is taken from
 * {@code formatted_body} with each pill replaced by its user id, so {@code commander @Bob} reaches the engine as an MXID.
 */
final class CommandPrefixes {
    private static final Pattern PILL = Pattern.compile(
            "<a\\s[^>]*href=\"https://matrix\\.to/#/((?:@|%40)[^\"?/]+)[^\"]*\"[^>]*>.*?</a>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern REPLY_FALLBACK = Pattern.compile("<mx-reply>.*?</mx-reply>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern LINE_BREAK = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private final List<String> prefixes;

    CommandPrefixes(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    /** The text after the prefix, trimmed; empty if the message is not a command. */
    Optional<String> commandText(JsonNode content) {
        String body = content.path("body").asText("");
        if (content.path("m.relates_to").has("m.in_reply_to")) {
            body = withoutReplyFallback(body);
        }
        Optional<String> fromBody = afterPrefix(body);
        if (fromBody.isEmpty()) {
            return fromBody;
        }
        String html = content.path("formatted_body").asText("");
        if (content.path("format").asText("").equals("org.matrix.custom.html") && PILL.matcher(html).find()) {
            Optional<String> fromHtml = afterPrefix(htmlToText(html));
            if (fromHtml.isPresent()) {
                return fromHtml;
            }
        }
        return fromBody;
    }

    /**
     * A reply's body may start with the quoted original ({@code > <@bot:server> ...} lines, then an empty line), as
     * older clients send it; the command follows.
     */
    static String withoutReplyFallback(String body) {
        if (!body.startsWith("> ")) {
            return body;
        }
        int end = body.indexOf("\n\n");
        if (end < 0) {
            return body;
        }
        String quoted = body.substring(0, end);
        boolean allQuoted = quoted.lines().allMatch(line -> line.startsWith(">"));
        return allQuoted ? body.substring(end + 2) : body;
    }

    private Optional<String> afterPrefix(String text) {
        String body = text.stripLeading();
        for (String prefix : prefixes) {
            if (body.regionMatches(true, 0, prefix, 0, prefix.length())
                    && (body.length() == prefix.length() || Character.isWhitespace(body.charAt(prefix.length())))) {
                return Optional.of(body.substring(prefix.length()).strip());
            }
        }
        return Optional.empty();
    }

    static String htmlToText(String html) {
        String text = REPLY_FALLBACK.matcher(html).replaceAll("");
        Matcher pill = PILL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (pill.find()) {
            String userId = URLDecoder.decode(pill.group(1), StandardCharsets.UTF_8);
            pill.appendReplacement(out, Matcher.quoteReplacement(userId));
        }
        pill.appendTail(out);
        text = LINE_BREAK.matcher(out.toString()).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }
}
