package dev.incidentbot.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The config check every section shares: a mistyped key (e.g. {@code afer: 15m}) is a problem, not a silent default. */
public final class UnknownKeys {
    private UnknownKeys() {
    }

    /** One line per key of {@code node} not in {@code known}, each naming {@code at.key}; none if not a mapping. */
    public static List<String> in(JsonNode node, String at, Set<String> known) {
        List<String> problems = new ArrayList<>();
        if (!node.isObject()) {
            return problems;
        }
        String knownList = String.join(", ", new TreeSet<>(known));
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add((at.isEmpty() ? "" : at + ".") + key + ": unknown key (known: " + knownList + ")");
            }
        }
        return problems;
    }
}
