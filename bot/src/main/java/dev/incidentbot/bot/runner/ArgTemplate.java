package dev.incidentbot.bot.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One argv element as configured: literal text with {@code {name}} placeholders; {@code {{} and {@code }}} are
 * literal braces. Parsed once at load time into segments, so a substituted value is never scanned again.
 */
public record ArgTemplate(String source, List<Segment> segments) {
    /** Parameter names as they appear in placeholders and in {@code run} requests. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public ArgTemplate {
        segments = List.copyOf(segments);
    }

    public sealed interface Segment permits Literal, Placeholder {
    }

    public record Literal(String text) implements Segment {
    }

    public record Placeholder(String name) implements Segment {
    }

    /** @throws IllegalArgumentException with a message fit to follow the key, when the braces are malformed */
    static ArgTemplate parse(String source) {
        List<Segment> out = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '{' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < source.length() && source.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '{') {
                int close = source.indexOf('}', i + 1);
                String name = close < 0 ? "" : source.substring(i + 1, close);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("malformed placeholder at character " + (i + 1)
                            + "; placeholders are {name} with a lowercase name, and {{ or }} is a literal brace");
                }
                if (literal.length() > 0) {
                    out.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                out.add(new Placeholder(name));
                i = close + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("lone } at character " + (i + 1) + "; write }} for a literal brace");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0 || out.isEmpty()) {
            out.add(new Literal(literal.toString()));
        }
        return new ArgTemplate(source, out);
    }

    public List<String> placeholders() {
        List<String> names = new ArrayList<>();
        for (Segment s : segments) {
            if (s instanceof Placeholder) {
                names.add(((Placeholder) s).name());
            }
        }
        return names;
    }

    /** A value filling the start of an element could be read as an option by the program, so it gets extra care. */
    public boolean startsWithPlaceholder(String name) {
        return segments.get(0) instanceof Placeholder p && p.name().equals(name);
    }

    String render(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            if (s instanceof Literal l) {
                sb.append(l.text());
            } else if (s instanceof Placeholder p) {
                sb.append(values.get(p.name()));
            }
        }
        return sb.toString();
    }
}
