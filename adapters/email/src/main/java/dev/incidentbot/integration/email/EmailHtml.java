package dev.incidentbot.integration.email;

import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;

/**
 * The HTML part of an e-mail from the same {@link RichMessage} chat got (the plain part is {@code PlainTextRenderer}'s).
 * Every piece of text is escaped: a title like {@code <script>} arrives as text.
 */
final class EmailHtml {
    private EmailHtml() {
    }

    static String render(RichMessage message) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body>");
        if (!message.header().isEmpty()) {
            html.append("<h2>").append(text(message.header())).append("</h2>");
        }
        for (Block block : message.blocks()) {
            if (block instanceof Block.Paragraph p) {
                html.append("<p>").append(text(p.text())).append("</p>");
            } else if (block instanceof Block.Fields f) {
                html.append("<table>");
                for (Block.Field field : f.fields()) {
                    html.append("<tr><th align=\"left\">").append(escape(field.label())).append("</th><td>")
                            .append(text(field.value())).append("</td></tr>");
                }
                html.append("</table>");
            } else if (block instanceof Block.Code c) {
                html.append("<pre>").append(escape(c.text())).append("</pre>");
            }
        }
        for (Button b : message.actions()) {
            html.append("<p><strong>").append(escape(b.label())).append(":</strong> in chat, type <code>")
                    .append(escape(b.fallbackCommand())).append("</code></p>");
        }
        if (!message.context().isEmpty()) {
            html.append("<p><small>").append(text(message.context())).append("</small></p>");
        }
        return html.append("</body></html>\n").toString();
    }

    private static String text(Text text) {
        StringBuilder out = new StringBuilder();
        for (Span span : text.spans()) {
            if (span instanceof Span.Plain p) {
                out.append(escape(p.text()).replace("\n", "<br>"));
            } else if (span instanceof Span.Strong s) {
                out.append("<strong>").append(escape(s.text())).append("</strong>");
            } else if (span instanceof Span.Mention m) {
                out.append(escape(m.label().startsWith("@") ? m.label() : "@" + m.label()));
            } else if (span instanceof Span.ConversationLink l) {
                out.append(escape(l.conversation().name().startsWith("#") ? l.conversation().name() : "#" + l.conversation().name()));
            }
        }
        return out.toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
