package dev.incidentbot.bot.template;

import dev.incidentbot.chat.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a message template sees. Text values are user data and stay inert; mentions, and the links and
 * mentions a person typed ({@link TypedText} tokens), are carried as opaque markers that only the renderer turns back
 * into spans, so no typed text can become a ping it was not.
 */
public final class MessageModel {
    static final char MARK_START = '\u0001';
    static final char MARK_END = '\u0002';

    private final Map<String, Object> values = new HashMap<>();
    private final List<Span> spans = new ArrayList<>();

    public MessageModel put(String key, String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (Span span : TypedText.decode(value).spans()) {
            if (span instanceof Span.Plain p) {
                out.append(p.text().replace(String.valueOf(MARK_START), "").replace(String.valueOf(MARK_END), ""));
            } else {
                out.append(marker(span));
            }
        }
        values.put(key, out.toString());
        return this;
    }

    /** A value that is one span the bot chose, e.g. a link to the incident's conversation. */
    public MessageModel span(String key, Span span) {
        values.put(key, marker(span));
        return this;
    }

    public MessageModel flag(String key, boolean value) {
        values.put(key, value);
        return this;
    }

    public MessageModel mention(String key, Span.Mention mention) {
        values.put(key, marker(mention));
        return this;
    }

    /** Several mentions, joined with ", ". */
    public MessageModel mentions(String key, List<Span.Mention> list) {
        List<String> markers = new ArrayList<>();
        for (Span.Mention m : list) {
            markers.add(marker(m));
        }
        values.put(key, String.join(", ", markers));
        return this;
    }

    private String marker(Span span) {
        spans.add(span);
        return MARK_START + "m" + (spans.size() - 1) + MARK_END;
    }

    Map<String, Object> values() {
        return values;
    }

    Span spanAt(int index) {
        return spans.get(index);
    }
}
