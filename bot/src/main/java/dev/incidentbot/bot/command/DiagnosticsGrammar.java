package dev.incidentbot.bot.command;

import static dev.incidentbot.bot.command.ParseReplies.invalid;
import static dev.incidentbot.bot.command.ParseReplies.parsed;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.IncidentRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code run <diagnostic> [name=value ...]}, {@code approve <run>}, {@code deny <run> [reason]}. */
final class DiagnosticsGrammar {
    private DiagnosticsGrammar() {
    }

    /** {@code rest}: the words after {@code run} as typed (see {@link #typedRest}). */
    static ParseResult run(IncidentRef ref, String rest) {
        if (rest.isEmpty()) {
            return invalid("Say which diagnostic to run; /incident diagnostics lists them.", "run");
        }
        List<String> words = new ArrayList<>(Arrays.asList(rest.split(" +")));
        String name = words.remove(0);
        return parsed(new Command.RunDiagnostic(ref, name, words));
    }

    static ParseResult approve(IncidentRef ref, String rest) {
        return rest.isEmpty() || rest.contains(" ") ? invalid("Say which run to approve.", "approve")
                : parsed(new Command.ApproveRun(ref, rest));
    }

    static ParseResult deny(IncidentRef ref, String rest) {
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
    static String typedRest(String raw, int words) {
        CommandWords w = new CommandWords(raw);
        for (int i = 0; i < words && w.hasMore(); i++) {
            w.next();
        }
        return w.rest();
    }
}
