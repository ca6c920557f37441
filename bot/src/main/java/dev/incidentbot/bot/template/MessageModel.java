package dev.incidentbot.bot.template;

import dev.incidentbot.chat.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a message template sees. Text values are user data and stay inert; mentions are carried as opaque
 * markers that only the renderer turns back into {@link Span.Mention}s, so no typed text can become a ping.
 */
public final class MessageModel {
    static final char MARK_START = '\u0001';
    static final char MARK_END = '\u0002';

    private final Map<String, Object> values = new HashMap<>();
    private final List<Span.Mention> mentions = new ArrayList<>();

    public MessageModel put(String key, String value) {
        // a text value can never carry a mention marker, whatever path it came by
        values.put(key, value.replace(String.valueOf(MARK_START), "").replace(String.valueOf(MARK_END), ""));
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

    private String marker(Span.Mention mention) {
        mentions.add(mention);
        return MARK_START + "m" + (mentions.size() - 1) + MARK_END;
    }

    Map<String, Object> values() {
        return values;
    }

    Span.Mention mentionAt(int index) {
        return mentions.get(index);
    }
}
