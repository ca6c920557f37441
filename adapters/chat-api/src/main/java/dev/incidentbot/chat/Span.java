package dev.incidentbot.chat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * A piece of message text. Plain text is always data, never markup: each platform escapes it for its own format,
 * so a user typing {@code <!channel>} or {@code @room} pings nobody. Only {@link Mention} pings.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Span.Plain.class, name = "plain"),
    @JsonSubTypes.Type(value = Span.Strong.class, name = "strong"),
    @JsonSubTypes.Type(value = Span.Mention.class, name = "mention"),
    @JsonSubTypes.Type(value = Span.ConversationLink.class, name = "conversation"),
    @JsonSubTypes.Type(value = Span.Link.class, name = "link"),
})
public sealed interface Span {

    /** Verbatim text, escaped by every renderer. */
    record Plain(String text) implements Span {
        public Plain {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Emphasised text written by the bot (labels, headers); escaped like plain text. */
    record Strong(String text) implements Span {
        public Strong {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A deliberate ping. {@code target} is a platform person id, a group id, an e-mail address or a configured
     * handle such as {@code @oncall-primary}; the platform resolves it and falls back to {@code label} as text.
     */
    record Mention(String target, String label) implements Span {
        public Mention {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(label, "label");
        }

        public static Mention of(Person person) {
            return new Mention(person.id(), person.displayName());
        }
    }

    /** A link to a conversation, rendered as the platform's native channel or room link. */
    record ConversationLink(ConversationRef conversation) implements Span {
        public ConversationLink {
            Objects.requireNonNull(conversation, "conversation");
        }
    }

    /**
     * A web link someone typed or the bot adds. Renderers link only {@link #isSafe safe} urls (http, https, mailto)
     * and show anything else as plain text, so a link can never carry platform markup such as {@code <!channel>}.
     */
    record Link(String url, String label) implements Span {
        public Link {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(label, "label");
        }

        public boolean isSafe() {
            String lower = url.toLowerCase(java.util.Locale.ROOT);
            return (lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("mailto:"))
                    && url.codePoints().noneMatch(cp -> Character.isWhitespace(cp) || Character.isISOControl(cp));
        }

        /** The label, or "label (url)" when the label does not already say the url: for plain-text renderings. */
        public String asPlainText() {
            return label.isBlank() || label.equals(url) ? url : label + " (" + url + ")";
        }
    }
}
