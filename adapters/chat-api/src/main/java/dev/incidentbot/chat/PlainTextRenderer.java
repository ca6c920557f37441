package dev.incidentbot.chat;

import java.util.stream.Collectors;

/** Renders a message as plain text: the console's output and the fallback body on Slack and Matrix. */
public final class PlainTextRenderer {

    private PlainTextRenderer() {
    }

    public static String render(RichMessage message) {
        StringBuilder out = new StringBuilder();
        if (!message.header().isEmpty()) {
            out.append(render(message.header())).append('\n');
        }
        for (Block block : message.blocks()) {
            if (block instanceof Block.Paragraph p) {
                out.append(render(p.text())).append('\n');
            } else if (block instanceof Block.Fields f) {
                for (Block.Field field : f.fields()) {
                    out.append(field.label()).append(": ").append(render(field.value())).append('\n');
                }
            } else if (block instanceof Block.Code c) {
                out.append(c.text()).append(c.text().endsWith("\n") ? "" : "\n");
            }
        }
        if (!message.actions().isEmpty()) {
            out.append(message.actions().stream()
                    .map(b -> b.label() + ": " + b.fallbackCommand())
                    .collect(Collectors.joining(" | ", "Actions: ", "\n")));
        }
        if (!message.context().isEmpty()) {
            out.append(render(message.context())).append('\n');
        }
        return out.toString().stripTrailing();
    }

    public static String render(Text text) {
        StringBuilder out = new StringBuilder();
        for (Span span : text.spans()) {
            if (span instanceof Span.Plain p) {
                out.append(p.text());
            } else if (span instanceof Span.Strong s) {
                out.append(s.text());
            } else if (span instanceof Span.Mention m) {
                out.append(m.label().startsWith("@") ? m.label() : "@" + m.label());
            } else if (span instanceof Span.ConversationLink l) {
                out.append(l.conversation().name().startsWith("#") ? "" : "#").append(l.conversation().name());
            } else if (span instanceof Span.Link l) {
                out.append(l.asPlainText());
            }
        }
        return out.toString();
    }
}
