package dev.incidentbot.bot.incident;

import java.util.LinkedHashMap;
import java.util.Map;

/** One usage line per command, in the order help lists them. */
public final class Usage {
    public static final Map<String, String> LINES = new LinkedHashMap<>();

    static {
        LINES.put("declare", "/incident <severity> <title>   e.g. /incident sev1 checkout API returns 500s");
        LINES.put("drill", "/incident drill <severity> <title>   a practice incident, marked [DRILL]");
        LINES.put("list", "/incident list");
        LINES.put("help", "/incident help");
        LINES.put("ack", "/incident ack");
        LINES.put("commander", "/incident commander [@person]");
        LINES.put("role", "/incident role <scribe|comms|name> @person");
        LINES.put("update", "/incident update [progress:] <text> [status: <status>] [impact: <text>] [next steps: <text>] [eta: <text>] (labels in any order)");
        LINES.put("sev", "/incident sev <severity>");
        LINES.put("status", "/incident status <investigating|identified|monitoring|mitigated>");
        LINES.put("note", "/incident note <text>");
        LINES.put("statuspage", "/incident statuspage <text>   publish a customer-facing update on the status page");
        LINES.put("action", "/incident action <text> [@owner] [due:YYYY-MM-DD]");
        LINES.put("resolve", "/incident resolve <solution> [root cause: <text>] [follow-up: <text>]");
        LINES.put("timeline", "/incident timeline");
        LINES.put("export", "/incident export [md|json]");
        LINES.put("diagnostics", "/incident diagnostics");
        LINES.put("run", "/incident run <diagnostic> [param=value ...]");
        LINES.put("approve", "/incident approve <run-id>");
        LINES.put("deny", "/incident deny <run-id> [reason]");
    }

    private Usage() {
    }

    public static String of(String verb) {
        return LINES.getOrDefault(verb, LINES.get("help"));
    }

    /** The usage line as typed with {@code prefix} ({@code !incident} on Matrix). */
    public static String of(String verb, String prefix) {
        return CommandWording.rewrite(of(verb), prefix);
    }

    /** Other words for a command, so "acknowlege" is near "ack" through "acknowledge". */
    private static final Map<String, String> ALIASES = Map.of("acknowledge", "ack", "ic", "commander",
            "severity", "sev");

    /** The command word closest to {@code typed} (edit distance, aliases counted), for "did you mean". */
    public static String closest(String typed) {
        String best = "help";
        int bestDistance = Integer.MAX_VALUE;
        for (String verb : LINES.keySet()) {
            int d = distance(typed, verb);
            if (d < bestDistance) {
                best = verb;
                bestDistance = d;
            }
        }
        for (Map.Entry<String, String> alias : ALIASES.entrySet()) {
            int d = distance(typed, alias.getKey());
            if (d < bestDistance) {
                best = alias.getValue();
                bestDistance = d;
            }
        }
        return best;
    }

    /** Edit distance from {@code typed} to the closest command word, aliases counted. */
    public static int distanceToClosest(String typed) {
        int best = Integer.MAX_VALUE;
        for (String word : LINES.keySet()) {
            best = Math.min(best, distance(typed, word));
        }
        for (String word : ALIASES.keySet()) {
            best = Math.min(best, distance(typed, word));
        }
        return best;
    }

    /** Whether a word {@code distance} edits away is a plausible typo of {@code typed}: a third of it, at least 1. */
    public static boolean isNear(String typed, int distance) {
        return distance <= Math.max(1, typed.length() / 3);
    }

    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    public static String help() {
        return help(CommandWording.CANONICAL);
    }

    public static String help(String prefix) {
        StringBuilder s = new StringBuilder("Commands (in an incident's channel, or anywhere with the id first, e.g. /incident update INC-7 ...):\n");
        LINES.values().forEach(line -> s.append("  ").append(line).append('\n'));
        return CommandWording.rewrite(s.toString().stripTrailing(), prefix);
    }
}
