package dev.incidentbot.bot.command;

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
        LINES.put("update", "/incident update <progress> [status: <status>] [impact: <text>] [next: <text>] [eta: <text>]");
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

    /** The command word closest to {@code typed} (edit distance), for "did you mean". */
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
        return best;
    }

    static int distance(String a, String b) {
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
