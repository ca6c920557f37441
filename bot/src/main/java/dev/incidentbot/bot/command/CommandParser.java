package dev.incidentbot.bot.command;

import static dev.incidentbot.bot.command.ParseReplies.invalid;
import static dev.incidentbot.bot.command.ParseReplies.noArguments;
import static dev.incidentbot.bot.command.ParseReplies.parsed;
import static dev.incidentbot.bot.command.ParseReplies.shorten;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.IncidentRef;
import dev.incidentbot.bot.incident.Usage;
import dev.incidentbot.bot.core.IncidentId;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.template.TypedText;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The command grammar, the same on every platform. It only checks form (words, ids, dates, known severities); whether
 * a command makes sense for an incident's state is the engine's call. User text is kept verbatim.
 */
public final class CommandParser {
    public static final int MAX_LENGTH = 8000;
    private static final Pattern RESOLVE_PARTS = Pattern.compile("(?i)(?:^|\\s)(root[ -]cause|follow[ -]?up):");
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
        CommandWords w = new CommandWords(text);
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
                return declare(new CommandWords(rest), true);
            case "ack":
            case "acknowledge":
                return noArguments(rest, "ack", new Command.Acknowledge(ref));
            case "commander":
            case "ic":
                return commander(ref, rest);
            case "role":
                return role(ref, rest);
            case "update":
                return UpdateGrammar.update(ref, rest);
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
                return ActionItemGrammar.action(ref, rest);
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
                return DiagnosticsGrammar.run(ref, TypedText.plain(DiagnosticsGrammar.typedRest(raw, w.taken())));
            case "approve":
                return DiagnosticsGrammar.approve(ref, rest);
            case "deny":
                return DiagnosticsGrammar.deny(ref, rest);
            default:
                if (leadingId.isEmpty() && isSeverity.test(verb)) {
                    return declare(new CommandWords(text), false);
                }
                return unknownWord(first, verb);
        }
    }

    private ParseResult declare(CommandWords w, boolean drill) {
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

    private ParseResult severity(IncidentRef ref, String rest) {
        if (rest.isEmpty() || rest.contains(" ") || !isSeverity.test(rest.toLowerCase(Locale.ROOT))) {
            return invalid(rest.isEmpty() ? "Say which severity." : unknownSeverity(rest), "sev");
        }
        return parsed(new Command.ChangeSeverity(ref, rest.toLowerCase(Locale.ROOT)));
    }

    private ParseResult status(IncidentRef ref, String rest) {
        Optional<Status> status = Status.settable(rest);
        if (status.isEmpty()) {
            return invalid(rest.isEmpty() ? "Say which status." : "Unknown status \"" + shorten(rest) + "\".", "status");
        }
        return parsed(new Command.ChangeStatus(ref, status.get()));
    }

    private ParseResult resolve(IncidentRef ref, String rest) {
        List<LabeledText.Part> parts = LabeledText.split(rest, RESOLVE_PARTS);
        String solution = parts.get(0).text();
        String rootCause = "";
        String followUp = "";
        for (LabeledText.Part part : parts.subList(1, parts.size())) {
            if (part.label().startsWith("root")) {
                rootCause = part.text();
            } else {
                followUp = part.text();
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
}
