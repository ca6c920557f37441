package dev.incidentbot.bot.template;

import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.PlainTextRenderer;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person typed, as one string the engine can parse, store and quote: plain text as typed, and each link,
 * mention or channel reference they typed as a token {@code \u0003kind a\u001Fb\u0004} (kind L, M or C) that holds
 * no whitespace, so the grammar sees it as one word. The three token characters typed by a person become U+001A
 * (SUBSTITUTE) on encoding, so no typed text can forge a token, while checks that refuse control characters (a
 * diagnostic's parameters) still see one; {@link #decode} turns a stored string back into spans for every renderer.
 */
public final class TypedText {
    private static final char START = '\u0003';
    private static final char END = '\u0004';
    private static final char SEPARATOR = '\u001F';
    private static final char SUBSTITUTE = '\u001A';
    private static final Pattern TOKEN = Pattern.compile(START + "([LMC])([^" + SEPARATOR + END + START + "]*)"
            + SEPARATOR + "([^" + SEPARATOR + END + START + "]*)" + END);

    private TypedText() {
    }

    public static String encode(Text typed) {
        StringBuilder out = new StringBuilder();
        for (Span span : typed.spans()) {
            if (span instanceof Span.Link l) {
                out.append(token('L', l.url(), l.label()));
            } else if (span instanceof Span.Mention m) {
                out.append(token('M', m.target(), m.label()));
            } else if (span instanceof Span.ConversationLink c) {
                out.append(token('C', c.conversation().id(), c.conversation().name()));
            } else {
                out.append(defused(PlainTextRenderer.render(Text.of(span))));
            }
        }
        return out.toString();
    }

    /** A stored string back as spans: tokens become links, mentions and conversation links; the rest is plain. */
    public static Text decode(String stored) {
        List<Span> spans = new ArrayList<>();
        Matcher m = TOKEN.matcher(stored);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                spans.add(new Span.Plain(stored.substring(last, m.start())));
            }
            spans.add(span(m.group(1).charAt(0), unquote(m.group(2)), unquote(m.group(3))));
            last = m.end();
        }
        if (last < stored.length()) {
            spans.add(new Span.Plain(stored.substring(last)));
        }
        return new Text(spans);
    }

    /** As people read it where no markup is possible (topics, channel names, exports): links as "label (url)". */
    public static String plain(String stored) {
        return stored.indexOf(START) < 0 ? stored : PlainTextRenderer.render(decode(stored));
    }

    /** The person a word names when it is one mention token ({@code <@U123|bob>} as the platform decoded it). */
    public static Optional<Person> person(String word) {
        Matcher m = TOKEN.matcher(word.strip());
        if (!m.matches() || m.group(1).charAt(0) != 'M') {
            return Optional.empty();
        }
        return Optional.of(new Person(unquote(m.group(2)), unquote(m.group(3))));
    }

    /** One mention token for {@code person}: how the engine writes a resolved short handle back into a command. */
    public static String mention(Person person) {
        return token('M', person.id(), person.displayName());
    }

    /** True when the string holds at least one token. */
    public static boolean hasTokens(String stored) {
        return TOKEN.matcher(stored).find();
    }

    /**
     * Drops control characters except newline and tab, keeping whole tokens: for text that was {@link #encode}d
     * (whose plain parts are already clean) and for raw text (which then cannot hold a token).
     */
    public static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        Matcher m = TOKEN.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(withoutControls(text.substring(last, m.start()))).append(m.group());
            last = m.end();
        }
        return out.append(withoutControls(text.substring(last))).toString();
    }

    /** {@code text} with {@code clean} applied to what lies between tokens; tokens are kept whole. */
    public static String mapPlain(String text, java.util.function.UnaryOperator<String> clean) {
        StringBuilder out = new StringBuilder(text.length());
        Matcher m = TOKEN.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(clean.apply(text.substring(last, m.start()))).append(m.group());
            last = m.end();
        }
        return out.append(clean.apply(text.substring(last))).toString();
    }

    private static Span span(char kind, String a, String b) {
        return switch (kind) {
            case 'L' -> new Span.Link(a, b);
            case 'M' -> new Span.Mention(a, b);
            default -> new Span.ConversationLink(new ConversationRef(a, b));
        };
    }

    private static String token(char kind, String a, String b) {
        return START + String.valueOf(kind) + quote(a) + SEPARATOR + quote(b) + END;
    }

    /** Percent-escapes what would split a token into words or end it early. */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '%' || Character.isWhitespace(cp) || Character.isISOControl(cp)) {
                for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static String unquote(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String defused(String typed) {
        return typed.replace(START, SUBSTITUTE).replace(END, SUBSTITUTE).replace(SEPARATOR, SUBSTITUTE);
    }

    private static String withoutControls(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\t' || !Character.isISOControl(cp)) {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
