package dev.incidentbot.slack;

import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the text Slack sends (slash commands with {@code should_escape}, message events) into spans, once, on the way
 * in. Slack escapes {@code & < >} as entities and wraps links, mentions and channel names in {@code <…>}
 * (https://api.slack.com/reference/surfaces/formatting#escaping, #linking-urls, #mentioning-users).
 * User and channel references become mention and conversation spans; broadcasts ({@code <!channel>}, {@code <!here>},
 * {@code <!everyone>}) and user groups ({@code <!subteam^…>}) typed by a person stay inert text.
 */
final class SlackMarkup {

    private SlackMarkup() {
    }

    static Text decode(String raw) {
        List<Span> spans = new ArrayList<>();
        StringBuilder plain = new StringBuilder(); // already decoded
        int i = 0;
        while (i < raw.length()) {
            int open = raw.indexOf('<', i);
            int close = open < 0 ? -1 : raw.indexOf('>', open + 1);
            int again = open < 0 ? -1 : raw.indexOf('<', open + 1);
            if (open < 0 || close < 0) {
                plain.append(unescape(raw.substring(i)));
                break;
            }
            if (again >= 0 && again < close) { // a lone '<' Slack did not escape: text
                plain.append(unescape(raw.substring(i, again)));
                i = again;
                continue;
            }
            plain.append(unescape(raw.substring(i, open)));
            Span span = reference(raw.substring(open + 1, close));
            if (span instanceof Span.Plain p) {
                plain.append(p.text());
            } else {
                flush(plain, spans);
                spans.add(span);
            }
            i = close + 1;
        }
        flush(plain, spans);
        return new Text(spans);
    }

    /** Decoded text with references shown as people read them: for message text the engine only quotes. */
    static String decodeToPlain(String raw) {
        return PlainTextRenderer.render(decode(raw));
    }

    /** Reverses Slack's three entities; Slack escapes nothing else (a literal "&amp;" arrives as "&amp;amp;"). */
    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** One {@code <…>} reference, without its brackets. */
    private static Span reference(String inner) {
        int bar = inner.indexOf('|');
        String target = bar < 0 ? inner : inner.substring(0, bar);
        String label = bar < 0 ? "" : unescape(inner.substring(bar + 1));
        if (target.startsWith("@")) {
            String id = target.substring(1);
            return SlackIds.isUser(id) ? new Span.Mention(id, label.isEmpty() ? id : stripAt(label))
                    : new Span.Plain(label.isEmpty() ? "@" + unescape(id) : label);
        }
        if (target.startsWith("#")) {
            String id = target.substring(1);
            return new Span.ConversationLink(new ConversationRef(id, label.isEmpty() ? id : label));
        }
        if (target.startsWith("!")) {
            return new Span.Plain(label.isEmpty() ? special(target.substring(1)) : label);
        }
        String url = unescape(target);
        Span.Link link = new Span.Link(url, label.isEmpty() ? url : label);
        return link.isSafe() ? link : new Span.Plain(link.asPlainText());
    }

    /** {@code <!here>} reads "@here"; {@code <!subteam^S1>} without a label reads "@group"; dates keep their text. */
    private static String special(String command) {
        int caret = command.indexOf('^');
        String word = caret < 0 ? command : command.substring(0, caret);
        return switch (word) {
            case "subteam" -> "@group";
            case "date" -> caret < 0 ? "" : command.substring(caret + 1);
            default -> "@" + unescape(word);
        };
    }

    private static String stripAt(String label) {
        return label.startsWith("@") && label.length() > 1 ? label.substring(1) : label;
    }

    private static void flush(StringBuilder plain, List<Span> spans) {
        if (plain.length() > 0) {
            spans.add(new Span.Plain(plain.toString()));
            plain.setLength(0);
        }
    }
}
