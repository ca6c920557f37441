package dev.incidentbot.matrix;

import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a {@link RichMessage} as Matrix {@code org.matrix.custom.html}: an HTML {@code formatted_body}, a plain
 * {@code body}, and the user ids it deliberately mentions. All text from {@link Span.Plain} and {@link Span.Strong}
 * is HTML-escaped, so user input cannot inject markup; pings come only from {@link Span.Mention}s of real user ids.
 * Matrix has no buttons: each {@link Button} becomes a line naming the command to type.
 */
public final class MatrixRenderer {

    /** The three parts of a rendered message. {@code mentionedUserIds} go into {@code m.mentions.user_ids}. */
    public record Rendered(String body, String html, List<String> mentionedUserIds) {
        public Rendered {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(html, "html");
            mentionedUserIds = List.copyOf(mentionedUserIds);
        }
    }

    private final List<String> commandPrefixes;
    private final String homeServer;

    /**
     * {@code commandPrefixes}: the first is the one shown in "type ..." lines; {@code homeServer}: the server named
     * in room links when a room id carries none (room version 12).
     */
    public MatrixRenderer(List<String> commandPrefixes, String homeServer) {
        this.commandPrefixes = List.copyOf(commandPrefixes);
        this.homeServer = Objects.requireNonNull(homeServer, "homeServer");
    }

    public Rendered render(RichMessage message) {
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder();
        Set<String> mentions = new LinkedHashSet<>();
        if (!message.header().isEmpty()) {
            plain.append(plain(message.header())).append('\n');
            html.append("<h4>").append(html(message.header(), mentions)).append("</h4>");
        }
        for (Block block : message.blocks()) {
            if (block instanceof Block.Paragraph p) {
                plain.append(plain(p.text())).append('\n');
                html.append("<p>").append(html(p.text(), mentions)).append("</p>");
            } else if (block instanceof Block.Fields f) {
                html.append("<ul>");
                for (Block.Field field : f.fields()) {
                    plain.append(field.label()).append(": ").append(plain(field.value())).append('\n');
                    html.append("<li><strong>").append(escape(field.label())).append(":</strong> ")
                            .append(html(field.value(), mentions)).append("</li>");
                }
                html.append("</ul>");
            } else if (block instanceof Block.Code c) {
                plain.append(c.text()).append(c.text().endsWith("\n") ? "" : "\n");
                html.append("<pre><code>").append(escapeVerbatim(c.text())).append("</code></pre>");
            }
        }
        for (Button button : message.actions()) {
            String command = typedCommand(button.fallbackCommand());
            plain.append(button.label()).append(": type ").append(command).append('\n');
            html.append("<p><strong>").append(escape(button.label())).append(":</strong> type <code>")
                    .append(escapeVerbatim(command)).append("</code></p>");
        }
        if (!message.context().isEmpty()) {
            plain.append(plain(message.context())).append('\n');
            html.append("<p><em>").append(html(message.context(), mentions)).append("</em></p>");
        }
        return new Rendered(plain.toString().stripTrailing(), html.toString(), List.copyOf(mentions));
    }

    /** What to type for a button, with the everyday prefix: {@code /incident x} becomes {@code !incident x}. */
    String typedCommand(String fallbackCommand) {
        String preferred = commandPrefixes.get(0);
        for (String prefix : commandPrefixes) {
            if (fallbackCommand.equals(prefix) || fallbackCommand.startsWith(prefix + " ")) {
                return preferred + fallbackCommand.substring(prefix.length());
            }
        }
        return fallbackCommand;
    }

    private String plain(Text text) {
        StringBuilder out = new StringBuilder();
        for (Span span : text.spans()) {
            if (span instanceof Span.Plain p) {
                out.append(onlyNewlines(p.text()));
            } else if (span instanceof Span.Strong s) {
                out.append(onlyNewlines(s.text()));
            } else if (span instanceof Span.Mention m) {
                out.append(mentionLabel(m));
            } else if (span instanceof Span.ConversationLink l) {
                out.append(roomLabel(l)).append(" (").append(roomLink(l)).append(')');
            } else if (span instanceof Span.Link l) {
                out.append(l.asPlainText());
            }
        }
        return out.toString();
    }

    private String html(Text text, Set<String> mentions) {
        StringBuilder out = new StringBuilder();
        for (Span span : text.spans()) {
            if (span instanceof Span.Plain p) {
                out.append(escape(p.text()));
            } else if (span instanceof Span.Strong s) {
                out.append("<strong>").append(escape(s.text())).append("</strong>");
            } else if (span instanceof Span.Mention m) {
                var userId = MatrixIds.userId(m.target());
                if (userId.isPresent()) {
                    mentions.add(userId.get());
                    out.append("<a href=\"").append(escape(MatrixIds.userLink(userId.get()))).append("\">")
                            .append(escape(mentionLabel(m))).append("</a>");
                } else {
                    // Not a Matrix user (e.g. an unresolved handle): name it, ping nobody.
                    out.append(escape(mentionLabel(m)));
                }
            } else if (span instanceof Span.ConversationLink l) {
                out.append("<a href=\"").append(escape(roomLink(l))).append("\">").append(escape(roomLabel(l)))
                        .append("</a>");
            } else if (span instanceof Span.Link l) {
                out.append(l.isSafe() ? "<a href=\"" + escape(l.url()) + "\">" + escape(l.label().isBlank() ? l.url() : l.label()) + "</a>"
                        : escape(l.asPlainText()));
            }
        }
        return out.toString();
    }

    private static String mentionLabel(Span.Mention mention) {
        String label = mention.label().isBlank() ? mention.target() : mention.label();
        return label.startsWith("@") ? label : "@" + label;
    }

    private static String roomLabel(Span.ConversationLink link) {
        String name = link.conversation().name();
        return name.startsWith("#") ? name : "#" + name;
    }

    private String roomLink(Span.ConversationLink link) {
        return MatrixIds.roomLink(link.conversation().id(), homeServer);
    }

    /** Text whose only line break is {@code \n}, as in the HTML, so the plain body has no lines the HTML lacks. */
    private static String onlyNewlines(String text) {
        return text.replace("\r", "").replace('\u0085', ' ').replace('\u2028', ' ').replace('\u2029', ' ');
    }

    /** HTML-escape text and keep its line breaks. */
    static String escape(String text) {
        return escapeVerbatim(text).replace("\n", "<br>");
    }

    private static String escapeVerbatim(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                case '\r': break; // only \n breaks a line (as <br>), so text cannot add lines a client would show
                case '\u0085', '\u2028', '\u2029': out.append(' '); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }
}
