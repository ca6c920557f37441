package dev.incidentbot.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A run of {@link Span}s: one line or paragraph of a message. */
public record Text(List<Span> spans) {
    public Text {
        spans = List.copyOf(Objects.requireNonNull(spans, "spans"));
    }

    @JsonCreator
    public static Text fromJson(List<Span> spans) {
        return new Text(spans);
    }

    @JsonValue
    public List<Span> json() {
        return spans;
    }

    public static Text plain(String text) {
        return text.isEmpty() ? empty() : new Text(List.of(new Span.Plain(text)));
    }

    public static Text of(Span... spans) {
        return new Text(List.of(spans));
    }

    public static Text empty() {
        return new Text(List.of());
    }

    public boolean isEmpty() {
        return spans.isEmpty();
    }

    public Text append(Span span) {
        List<Span> all = new ArrayList<>(spans);
        all.add(span);
        return new Text(all);
    }

    public Text append(Text more) {
        List<Span> all = new ArrayList<>(spans);
        all.addAll(more.spans);
        return new Text(all);
    }

    /** Mentions in this text, in order. */
    public List<Span.Mention> mentions() {
        return spans.stream().filter(Span.Mention.class::isInstance).map(Span.Mention.class::cast).toList();
    }
}
