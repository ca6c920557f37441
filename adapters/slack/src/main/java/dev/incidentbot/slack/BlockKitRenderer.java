package dev.incidentbot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders a {@link RichMessage} as Block Kit plus the plain {@code text} fallback. All text that is not a deliberate
 * mention or channel link is escaped ({@code & < >}) and every mrkdwn object is {@code verbatim}, so user text cannot
 * ping, link or inject markup. Slack's size limits are enforced here by truncating with a marker, because Slack
 * answers {@code invalid_blocks} to anything larger.
 */
final class BlockKitRenderer {

    static final int MAX_BLOCKS = 50;
    static final int MAX_HEADER = 150;
    static final int MAX_SECTION = 3000;
    static final int MAX_FIELD = 2000;
    static final int MAX_FIELDS_PER_SECTION = 10;
    static final int MAX_BUTTON_TEXT = 75;
    static final int MAX_BUTTON_VALUE = 2000;
    static final int MAX_ACTION_ID = 255;
    static final int MAX_ACTIONS_PER_BLOCK = 25;
    static final int MAX_FALLBACK_TEXT = 4000;
    static final String MARKER = "…";
    static final String TRUNCATED_NOTE = "_(message truncated)_";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Looks an e-mail address up as a Slack user id; must not block where it is used on a request thread. */
    private final Function<String, Optional<String>> emailToUserId;

    BlockKitRenderer(Function<String, Optional<String>> emailToUserId) {
        this.emailToUserId = emailToUserId;
    }

    /** Slack's three control characters as entities. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            out.append(escape(text.charAt(i)));
        }
        return out.toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '&':
                return "&amp;";
            case '<':
                return "&lt;";
            case '>':
                return "&gt;";
            case '\r':
                return ""; // only \n breaks a line, so text cannot add lines Slack would show
            case '\u0085':
            case '\u2028':
            case '\u2029':
                return " ";
            default:
                return String.valueOf(c);
        }
    }

    /** The {@code text} argument sent with every message: what notifications and old clients show. */
    String fallbackText(RichMessage message) {
        String text = escapeWithin(PlainTextRenderer.render(message), MAX_FALLBACK_TEXT);
        return text.isEmpty() ? " " : text;
    }

    ArrayNode blocks(RichMessage message) {
        List<ObjectNode> head = new ArrayList<>();
        if (!message.header().isEmpty()) {
            head.add(header(message.header()));
        }
        List<ObjectNode> body = new ArrayList<>();
        for (Block block : message.blocks()) {
            if (block instanceof Block.Paragraph p) {
                body.add(section(mrkdwn(p.text(), MAX_SECTION)));
            } else if (block instanceof Block.Fields f) {
                body.addAll(fields(f));
            } else if (block instanceof Block.Code c) {
                body.add(section(code(c.text())));
            }
        }
        List<ObjectNode> tail = new ArrayList<>(actions(message.actions()));
        if (!message.context().isEmpty()) {
            tail.add(context(mrkdwn(message.context(), MAX_SECTION)));
        }

        int room = MAX_BLOCKS - head.size() - tail.size();
        if (body.size() > room) {
            // Keep the header, the buttons and the context; drop the end of the body with a visible note.
            body = new ArrayList<>(body.subList(0, Math.max(0, room - 1)));
            body.add(context(TRUNCATED_NOTE));
        }
        ArrayNode blocks = JSON.createArrayNode();
        head.forEach(blocks::add);
        body.forEach(blocks::add);
        tail.stream().limit(MAX_BLOCKS - blocks.size()).forEach(blocks::add);
        return blocks;
    }

    /** Renders spans as mrkdwn, escaped, at most {@code limit} characters. */
    String mrkdwn(Text text, int limit) {
        Pieces pieces = new Pieces();
        for (Span span : text.spans()) {
            if (span instanceof Span.Plain p) {
                pieces.escaped(p.text());
            } else if (span instanceof Span.Strong s) {
                String inner = s.text().replace("*", "");
                if (!inner.isBlank()) {
                    // Slack only reads *x* as bold when no space touches the asterisks inside: keep spaces outside.
                    String stripped = inner.strip();
                    int start = inner.indexOf(stripped);
                    pieces.escaped(inner.substring(0, start));
                    pieces.token("*");
                    pieces.escaped(stripped);
                    pieces.token("*");
                    pieces.escaped(inner.substring(start + stripped.length()));
                }
            } else if (span instanceof Span.Mention m) {
                pieces.token(mention(m));
            } else if (span instanceof Span.ConversationLink l) {
                pieces.token("<#" + l.conversation().id() + ">");
            } else if (span instanceof Span.Link l) {
                if (l.isSafe()) {
                    // Inside <url|label> Slack reads only &amp; &lt; &gt;; the first '|' ends the url, so one in the url is encoded.
                    String label = l.label().isBlank() ? "" : "|" + escape(l.label());
                    pieces.token("<" + escape(l.url()).replace("|", "%7C") + label + ">");
                } else {
                    pieces.escaped(l.asPlainText());
                }
            }
        }
        return pieces.join(limit);
    }

    /** A person or group mention that pings, or the label as inert text when Slack cannot resolve the target. */
    String mention(Span.Mention m) {
        String target = m.target();
        if (SlackIds.isUser(target)) {
            return "<@" + target + ">";
        }
        if (SlackIds.isUserGroup(target)) {
            return "<!subteam^" + target + ">";
        }
        if (SlackIds.isEmail(target)) {
            Optional<String> user = emailToUserId.apply(target);
            if (user.isPresent()) {
                return "<@" + user.get() + ">";
            }
        }
        return escape(m.label().startsWith("@") ? m.label() : "@" + m.label());
    }

    private ObjectNode header(Text text) {
        ObjectNode block = JSON.createObjectNode().put("type", "header");
        block.set("text", plainText(escapeWithin(PlainTextRenderer.render(text).replace('\n', ' '), MAX_HEADER)));
        return block;
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode block = JSON.createObjectNode().put("type", "section");
        block.set("text", mrkdwnObject(mrkdwn));
        return block;
    }

    private List<ObjectNode> fields(Block.Fields f) {
        List<ObjectNode> sections = new ArrayList<>();
        ArrayNode current = null;
        for (Block.Field field : f.fields()) {
            if (current == null || current.size() == MAX_FIELDS_PER_SECTION) {
                ObjectNode section = JSON.createObjectNode().put("type", "section");
                current = section.putArray("fields");
                sections.add(section);
            }
            String label = "*" + escapeWithin(field.label().replace("*", ""), 200) + "*\n";
            current.add(mrkdwnObject(label + mrkdwn(field.value(), MAX_FIELD - label.length())));
        }
        return sections;
    }

    private static String code(String text) {
        // A run of three backticks inside would close the block early; a zero-width space keeps it literal.
        String body = text.replace("```", "``\u200b`");
        String open = "```\n";
        String close = "\n```";
        String inner = escapeWithin(body.endsWith("\n") ? body.substring(0, body.length() - 1) : body,
                MAX_SECTION - open.length() - close.length());
        return open + (inner.isEmpty() ? " " : inner) + close;
    }

    private List<ObjectNode> actions(List<Button> buttons) {
        List<ObjectNode> blocks = new ArrayList<>();
        ArrayNode elements = null;
        for (Button button : buttons) {
            if (elements == null || elements.size() == MAX_ACTIONS_PER_BLOCK) {
                ObjectNode block = JSON.createObjectNode().put("type", "actions");
                elements = block.putArray("elements");
                blocks.add(block);
            }
            elements.add(button(button));
        }
        return blocks;
    }

    private static ObjectNode button(Button button) {
        ObjectNode element = JSON.createObjectNode().put("type", "button");
        element.set("text", plainText(escapeWithin(button.label(), MAX_BUTTON_TEXT)));
        Optional<String> form = button.form().isEmpty() ? Optional.empty() : ButtonForms.encodeValue(button);
        if (form.isPresent()) {
            element.put("action_id", cut(ButtonForms.FORM_ACTION_PREFIX + button.actionId(), MAX_ACTION_ID));
            element.put("value", form.get());
        } else {
            element.put("action_id", cut(button.actionId(), MAX_ACTION_ID));
            element.put("value", cut(button.value(), MAX_BUTTON_VALUE));
        }
        if (button.primary()) {
            element.put("style", "primary");
        }
        return element;
    }

    private static ObjectNode context(String mrkdwn) {
        ObjectNode block = JSON.createObjectNode().put("type", "context");
        block.putArray("elements").add(mrkdwnObject(mrkdwn));
        return block;
    }

    static ObjectNode plainText(String text) {
        return JSON.createObjectNode().put("type", "plain_text").put("text", text.isEmpty() ? " " : text)
                .put("emoji", true);
    }

    /** {@code verbatim}: Slack must not turn bare names or URLs in our text into mentions or links. */
    static ObjectNode mrkdwnObject(String text) {
        return JSON.createObjectNode().put("type", "mrkdwn").put("text", text.isEmpty() ? " " : text)
                .put("verbatim", true);
    }

    /** Escapes {@code raw} and truncates the result to {@code limit} without splitting an entity. */
    static String escapeWithin(String raw, int limit) {
        Pieces pieces = new Pieces();
        pieces.escaped(raw);
        return pieces.join(limit);
    }

    /** Cuts a string Slack limits in length (ids, values), never inside a surrogate pair. */
    static String cut(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = limit;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    static String json(JsonNode node) {
        return node.toString();
    }

    /** Atomic pieces of rendered text (an escaped character, a mention token), so truncation never breaks one. */
    private static final class Pieces {
        private final List<String> parts = new ArrayList<>();
        private int length;

        void escaped(String raw) {
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()
                        && Character.isLowSurrogate(raw.charAt(i + 1))) {
                    token(raw.substring(i, i + 2));
                    i++;
                } else if (Character.isSurrogate(c)) {
                    continue; // a lone half of a pair is not text; pairing it with the next char left '<' unescaped
                } else {
                    token(escape(c));
                }
            }
        }

        void token(String token) {
            parts.add(token);
            length += token.length();
        }

        String join(int limit) {
            if (length <= limit) {
                return String.join("", parts);
            }
            StringBuilder out = new StringBuilder();
            int budget = limit - MARKER.length();
            for (String part : parts) {
                if (out.length() + part.length() > budget) {
                    break;
                }
                out.append(part);
            }
            return out.append(MARKER).toString();
        }
    }
}
