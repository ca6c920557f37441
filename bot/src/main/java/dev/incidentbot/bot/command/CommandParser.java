package dev.incidentbot.bot.command;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.IncidentRef;
import dev.incidentbot.bot.incident.Usage;
import dev.incidentbot.bot.core.IncidentId;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.template.TypedText;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command grammar, the same on every platform. It only checks form (words, ids, dates, known severities); whether
 * a command makes sense for an incident's state is the engine's call. User text is kept verbatim.
 */
public final class CommandParser {
    public static final int MAX_LENGTH = 8000;
    /** The playbook's update labels (PROGRESS / CURRENT STATUS / NEXT STEPS / ETA) and their short forms. */
    private static final Pattern UPDATE_PARTS = Pattern.compile(
            "(?i)(?:^|\\s)(progress|current\\s+status|status|impact|next\\s+steps|next|eta):");
    private static final Pattern RESOLVE_PARTS = Pattern.compile("(?i)(?:^|\\s)(root[ -]cause|follow[ -]?up):");
    private static final Pattern DUE = Pattern.compile("(?i)due:(\\S+)");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,30}");
    /** Verbs that are other names of a command in {@link Usage#LINES}. */
    private static final java.util.Set<String> ALIASES = java.util.Set.of("acknowledge", "ic", "severity");

    /** Looks like an incident id but is not one: {@code INC--1}, {@code INC-1x}, {@code INC-} + 20 digits. */
    private static final Pattern MALFORMED_ID = Pattern.compile("(?i)#?inc(-.*|\\d.*)");

    private final Predicate<String> isSeverity;
    private final List<String> severities;

    /** {@code isSeverity} says whether a word names a configured severity (any name or alias). */
    public CommandParser(Predicate<String> isSeverity) {
        this(isSeverity, List.of());
    }

    /**
     * {@code severities}: each configured severity as people may type it, e.g. {@code "sev1 (critical, p1)"}, listed
     * when a severity is not known.
     */
    public CommandParser(Predicate<String> isSeverity, List<String> severities) {
        this.isSeverity = isSeverity;
        this.severities = List.copyOf(severities);
    }

    public ParseResult parse(String raw) {
        String text = clean(raw);
        if (text.isEmpty()) {
            return invalid("Say what to do.", "help");
        }
        Words w = new Words(text);
        String first = w.next();
        IncidentRef ref = IncidentRef.here();
        Optional<Long> leadingId = IncidentId.parse(first);
        if (leadingId.isEmpty() && MALFORMED_ID.matcher(first).matches()) {
            return malformedId(first, "update");
        }
        if (leadingId.isPresent()) {
            ref = new IncidentRef.Numbered(leadingId.get());
            if (!w.hasMore()) {
                return invalid("Say what to do with " + IncidentId.format(leadingId.get()) + ".", "update");
            }
            first = w.next();
        }
        String verb = first.toLowerCase(Locale.ROOT);
        if (leadingId.isEmpty() && (Usage.LINES.containsKey(verb) || ALIASES.contains(verb)) && w.hasMore()) {
            Optional<Long> id = IncidentId.parse(w.peek());
            if (id.isPresent() && !verb.equals("drill")) {
                w.next();
                ref = new IncidentRef.Numbered(id.get());
            } else if (!verb.equals("drill") && MALFORMED_ID.matcher(w.peek()).matches()) {
                return malformedId(w.peek(), Usage.LINES.containsKey(verb) ? verb : Usage.closest(verb));
            }
        }
        if (text.length() > MAX_LENGTH && !verb.equals("run")) {
            // run is exempt: the diagnostics catalog bounds each value and names the parameter that is too long
            return invalid("That command is " + text.length() + " characters; the limit is " + MAX_LENGTH + ".", "help");
        }
        String rest = w.rest();
        switch (verb) {
            case "help":
                return parsed(new Command.Help(rest));
            case "list":
                return noArguments(rest, verb, new Command.ListIncidents());
            case "drill":
                return declare(new Words(rest), true);
            case "ack":
            case "acknowledge":
                return noArguments(rest, "ack", new Command.Acknowledge(ref));
            case "commander":
            case "ic":
                return commander(ref, rest);
            case "role":
                return role(ref, rest);
            case "update":
                return update(ref, rest);
            case "sev":
            case "severity":
                return severity(ref, rest);
            case "status":
                return status(ref, rest);
            case "note":
                return rest.isEmpty() ? invalid("A note needs text.", "note") : parsed(new Command.Note(ref, rest));
            case "statuspage":
                return rest.isEmpty() ? invalid("Say what customers should read, e.g. /incident statuspage We have identified the cause and are fixing it.", "statuspage")
                        : parsed(new Command.CustomerUpdate(ref, rest));
            case "action":
                return action(ref, rest);
            case "resolve":
                return resolve(ref, rest);
            case "timeline":
                return noArguments(rest, verb, new Command.ShowTimeline(ref));
            case "export":
                return export(ref, rest);
            case "diagnostics":
                return noArguments(rest, verb, new Command.ListDiagnostics(ref));
            case "run":
                // Parameters as typed, control characters included; links and mentions read as text.
                return run(ref, TypedText.plain(typedRest(raw, w.taken)));
            case "approve":
                return rest.isEmpty() || rest.contains(" ") ? invalid("Say which run to approve.", "approve")
                        : parsed(new Command.ApproveRun(ref, rest));
            case "deny":
                return deny(ref, rest);
            default:
                if (leadingId.isEmpty() && isSeverity.test(verb)) {
                    return declare(new Words(text), false);
                }
                return unknownWord(first, verb);
        }
    }

    private ParseResult declare(Words w, boolean drill) {
        String usage = drill ? "drill" : "declare";
        if (!w.hasMore()) {
            return invalid("Say which severity and what is broken.", usage);
        }
        String severity = w.next();
        if (!isSeverity.test(severity.toLowerCase(Locale.ROOT))) {
            return invalid(unknownSeverity(severity), usage);
        }
        // UserText's title cleaning around the typed links and mentions, which stay whole
        String title = TypedText.mapPlain(w.rest(), UserText::cleaned).replaceAll("\\s+", " ").strip();
        if (title.isEmpty()) {
            return invalid("Say what is broken after the severity, in visible words.", usage);
        }
        return parsed(new Command.Declare(severity.toLowerCase(Locale.ROOT), title, drill));
    }

    private ParseResult commander(IncidentRef ref, String rest) {
        if (rest.isEmpty()) {
            return parsed(new Command.Commander(ref, ""));
        }
        if (rest.contains(" ") || !looksLikeMention(rest)) {
            return invalid("Name one person, e.g. @alice, or nobody to take command yourself.", "commander");
        }
        return parsed(new Command.Commander(ref, rest));
    }

    private ParseResult role(IncidentRef ref, String rest) {
        String[] parts = rest.split("\\s+");
        if (parts.length != 2 || !looksLikeMention(parts[1])) {
            return invalid("Say which role and who, e.g. role scribe @alice.", "role");
        }
        String role = parts[0].toLowerCase(Locale.ROOT);
        if (!ROLE.matcher(role).matches()) {
            return invalid("A role is one word of letters, digits, - or _.", "role");
        }
        if (role.equals("commander") || role.equals("ic")) {
            return parsed(new Command.Commander(ref, parts[1]));
        }
        return parsed(new Command.AssignRole(ref, role, parts[1]));
    }

    private ParseResult update(IncidentRef ref, String rest) {
        List<String[]> parts = split(rest, UPDATE_PARTS);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("progress", parts.get(0)[1]);
        for (String[] part : parts.subList(1, parts.size())) {
            String label = part[0].replaceAll("\\s+", " ");
            String key = switch (label) {
                case "current status" -> "status";
                case "next steps" -> "next";
                default -> label;
            };
            // A label given twice keeps both texts, in the order typed.
            values.merge(key, part[1], (a, b) -> a.isEmpty() ? b : b.isEmpty() ? a : a + "\n" + b);
        }
        String status = values.getOrDefault("status", "");
        Optional<String> refused = statusAnUpdateCannotSet(status);
        if (refused.isPresent()) {
            return invalid(refused.get(), "update");
        }
        boolean incidentStatus = Status.settable(status).isPresent();
        Command.Update update = new Command.Update(ref, values.get("progress"),
                incidentStatus ? status.toLowerCase(Locale.ROOT) : "", incidentStatus ? "" : status,
                values.getOrDefault("impact", ""), values.getOrDefault("next", ""), values.getOrDefault("eta", ""));
        if (update.progress().isEmpty() && update.status().isEmpty() && update.serviceStatus().isEmpty()
                && update.impact().isEmpty() && update.next().isEmpty() && update.eta().isEmpty()) {
            return invalid("An update needs text: what you learned or did.", "update");
        }
        return parsed(update);
    }

    /**
     * An incident status an update may not set (declared, acknowledged, resolved): taken as service text it would
     * read as if it had happened. Empty for settable statuses and for free text.
     */
    static Optional<String> statusAnUpdateCannotSet(String status) {
        boolean lifecycleWord = java.util.Arrays.stream(Status.values())
                .anyMatch(s -> s.word().equals(status.strip().toLowerCase(Locale.ROOT)));
        if (!lifecycleWord || Status.settable(status.strip()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("status: an update sets one of " + Status.SETTABLE.replace("|", ", ")
                + " (or says how the service is, in your words); to close the incident use resolve.");
    }

    private ParseResult severity(IncidentRef ref, String rest) {
        if (rest.isEmpty() || rest.contains(" ") || !isSeverity.test(rest.toLowerCase(Locale.ROOT))) {
            return invalid(rest.isEmpty() ? "Say which severity." : unknownSeverity(rest), "sev");
        }
        return parsed(new Command.ChangeSeverity(ref, rest.toLowerCase(Locale.ROOT)));
    }

    private ParseResult status(IncidentRef ref, String rest) {
        if (Status.settable(rest).isEmpty()) {
            return invalid(rest.isEmpty() ? "Say which status." : "Unknown status \"" + shorten(rest) + "\".", "status");
        }
        return parsed(new Command.ChangeStatus(ref, rest.toLowerCase(Locale.ROOT)));
    }

    private ParseResult action(IncidentRef ref, String rest) {
        List<String> words = new ArrayList<>(Arrays.asList(rest.split(" ")));
        String due = "";
        String owner = "";
        // Only the last two words can be owner and due date; the bound is fixed before words are removed.
        int first = Math.max(0, words.size() - 2);
        for (int i = words.size() - 1; i >= first; i--) {
            String word = words.get(i);
            Matcher m = DUE.matcher(word);
            if (due.isEmpty() && m.matches()) {
                try {
                    due = LocalDate.parse(m.group(1)).toString();
                } catch (DateTimeParseException e) {
                    return invalid("due: expects a date like 2026-12-01, got \"" + shorten(m.group(1)) + "\".", "action");
                }
                words.remove(i);
            } else if (owner.isEmpty() && looksLikeMention(word)) {
                owner = word;
                words.remove(i);
            }
        }
        String text = String.join(" ", words).strip();
        if (text.isEmpty()) {
            return invalid("An action item needs text.", "action");
        }
        return parsed(new Command.ActionItem(ref, text, owner, due));
    }

    private ParseResult resolve(IncidentRef ref, String rest) {
        List<String[]> parts = split(rest, RESOLVE_PARTS);
        String solution = parts.get(0)[1];
        String rootCause = "";
        String followUp = "";
        for (String[] part : parts.subList(1, parts.size())) {
            if (part[0].startsWith("root")) {
                rootCause = part[1];
            } else {
                followUp = part[1];
            }
        }
        if (solution.isEmpty()) {
            return invalid("Say what fixed it.", "resolve");
        }
        return parsed(new Command.Resolve(ref, solution, rootCause, followUp));
    }

    private ParseResult export(IncidentRef ref, String rest) {
        String format = rest.isEmpty() ? "md" : rest.toLowerCase(Locale.ROOT);
        if (!format.equals("md") && !format.equals("json")) {
            return invalid("Export formats are md and json.", "export");
        }
        return parsed(new Command.Export(ref, format));
    }

    private ParseResult run(IncidentRef ref, String rest) {
        if (rest.isEmpty()) {
            return invalid("Say which diagnostic to run; /incident diagnostics lists them.", "run");
        }
        List<String> words = new ArrayList<>(Arrays.asList(rest.split(" +")));
        String name = words.remove(0);
        return parsed(new Command.RunDiagnostic(ref, name, words));
    }

    private ParseResult deny(IncidentRef ref, String rest) {
        if (rest.isEmpty()) {
            return invalid("Say which run to deny.", "deny");
        }
        String[] parts = rest.split(" ", 2);
        return parsed(new Command.DenyRun(ref, parts[0], parts.length > 1 ? parts[1].strip() : ""));
    }

    /**
     * The text after the first {@code words} words as typed, control characters included: a diagnostic's values must
     * reach the catalog's check as sent, so that {@code port=80<NUL>80} is refused rather than run as {@code 8080}.
     */
    private static String typedRest(String raw, int words) {
        Words w = new Words(raw);
        for (int i = 0; i < words && w.hasMore(); i++) {
            w.next();
        }
        return w.rest();
    }

    private static ParseResult noArguments(String rest, String verb, Command command) {
        return rest.isEmpty() ? parsed(command) : invalid("\"" + verb + "\" takes no text.", verb);
    }

    /** Splits {@code text} at the {@code key:} markers: element 0 is {"", text before the first marker}. */
    private static List<String[]> split(String text, Pattern markers) {
        List<String[]> out = new ArrayList<>();
        Matcher m = markers.matcher(text);
        int last = 0;
        String key = "";
        while (m.find()) {
            out.add(new String[] {key, text.substring(last, m.start()).strip()});
            key = m.group(1).toLowerCase(Locale.ROOT);
            last = m.end();
        }
        out.add(new String[] {key, text.substring(last).strip()});
        return out;
    }

    static boolean looksLikeMention(String word) {
        return (word.startsWith("@") && word.length() > 1) || (word.startsWith("<@") && word.endsWith(">"))
                || TypedText.person(word).isPresent();
    }

    /**
     * User text as every command reads it: see {@link UserText#body}. The link and mention tokens of
     * {@link TypedText} pass untouched; the text around them is cleaned.
     */
    static String clean(String raw) {
        return TypedText.mapPlain(raw, UserText::cleaned).replaceAll("[ \\t]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static ParseResult malformedId(String word, String verb) {
        return invalid("\"" + shorten(word) + "\" is not an incident id: an id is INC- and a number, e.g. INC-7.", verb);
    }

    /** An unknown first word: a mistyped severity, a mistyped command, or neither. */
    private ParseResult unknownWord(String typed, String verb) {
        String command = Usage.closest(verb);
        int toCommand = Usage.distanceToClosest(verb);
        int toSeverity = severities.stream().flatMap(s -> Arrays.stream(s.split("[^\\p{L}\\p{N}-]+")))
                .filter(word -> !word.isEmpty()).mapToInt(word -> Usage.distance(verb, word.toLowerCase(Locale.ROOT)))
                .min().orElse(Integer.MAX_VALUE);
        if (toSeverity <= toCommand && Usage.isNear(verb, toSeverity)) {
            return invalid(unknownSeverity(typed), "declare");
        }
        if (Usage.isNear(verb, toCommand)) {
            return invalid("Unknown command \"" + shorten(typed) + "\"; did you mean \"" + command + "\"?", command);
        }
        return invalid("Unknown command \"" + shorten(typed) + "\"; /incident help lists the commands.", "declare");
    }

    private String unknownSeverity(String typed) {
        String known = severities.isEmpty() ? "" : " Severities: " + String.join("; ", severities) + ".";
        return "Unknown severity \"" + shorten(typed) + "\"." + known;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static ParseResult parsed(Command c) {
        return new ParseResult.Parsed(c);
    }

    private static ParseResult invalid(String error, String verb) {
        return new ParseResult.Invalid(error, Usage.of(verb));
    }

    /** A cursor over whitespace-separated words that can hand back the untouched rest. */
    private static final class Words {
        private final String text;
        private int pos;
        /** Words taken with {@link #next}. */
        private int taken;

        Words(String text) {
            this.text = text.strip();
        }

        boolean hasMore() {
            return pos < text.length();
        }

        String peek() {
            int end = pos;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            return text.substring(pos, end);
        }

        String next() {
            String word = peek();
            taken++;
            pos += word.length();
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return word;
        }

        String rest() {
            return text.substring(pos).strip();
        }
    }
}
