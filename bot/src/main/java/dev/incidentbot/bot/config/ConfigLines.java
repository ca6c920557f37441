package dev.incidentbot.bot.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Where each key of a YAML document is written, so a problem can name its line. The tree the checks read carries no
 * positions, so the text is read once more as a token stream; a key that is not written (a missing setting) gets
 * the line of its nearest written parent.
 */
public final class ConfigLines {
    private static final ConfigLines NONE = new ConfigLines(Map.of());

    private final Map<String, Integer> lineOfPath;

    private ConfigLines(Map<String, Integer> lineOfPath) {
        this.lineOfPath = lineOfPath;
    }

    /** No source at hand: no line is known. */
    public static ConfigLines none() {
        return NONE;
    }

    /** The keys of {@code yaml}; none if it does not read (its syntax error is reported with its own line). */
    public static ConfigLines of(byte[] yaml) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                String path = pathOf(p.getParsingContext());
                if (!path.isEmpty()) {
                    lines.putIfAbsent(path, p.getTokenLocation().getLineNr());
                }
            }
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        return new ConfigLines(Map.copyOf(lines));
    }

    /** The line of {@code path} ({@code a.b[2].c}), or of its nearest written parent; empty when none is written. */
    public OptionalInt lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lineOfPath.get(p);
            if (line != null) {
                return OptionalInt.of(line);
            }
            p = parent(p);
        }
        return OptionalInt.empty();
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** The context's place as the checks name it: {@code severities.sev1.escalation[0].after}. */
    private static String pathOf(JsonStreamContext context) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.addFirst("." + c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
