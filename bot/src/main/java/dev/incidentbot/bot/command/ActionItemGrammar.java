package dev.incidentbot.bot.command;

import static dev.incidentbot.bot.command.ParseReplies.invalid;
import static dev.incidentbot.bot.command.ParseReplies.parsed;
import static dev.incidentbot.bot.command.ParseReplies.shorten;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.IncidentRef;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code action <text> [@owner] [due:YYYY-MM-DD]}: owner and due date only as the last two words, in either order. */
final class ActionItemGrammar {
    private static final Pattern DUE = Pattern.compile("(?i)due:(\\S+)");

    private ActionItemGrammar() {
    }

    static ParseResult action(IncidentRef ref, String rest) {
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
            } else if (owner.isEmpty() && CommandParser.looksLikeMention(word)) {
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
}
