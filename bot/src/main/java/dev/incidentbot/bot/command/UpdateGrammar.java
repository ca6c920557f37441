package dev.incidentbot.bot.command;

import static dev.incidentbot.bot.command.ParseReplies.invalid;
import static dev.incidentbot.bot.command.ParseReplies.parsed;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.IncidentRef;
import dev.incidentbot.bot.core.Status;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code update}: free text with the playbook's labels (PROGRESS / CURRENT STATUS / NEXT STEPS / ETA, and IMPACT).
 * A status that is an incident status sets it; any other status text says how the service is.
 */
final class UpdateGrammar {
    /** The playbook's update labels and their short forms. */
    private static final Pattern UPDATE_PARTS = Pattern.compile(
            "(?i)(?:^|\\s)(progress|current\\s+status|status|impact|next\\s+steps|next|eta):");

    private UpdateGrammar() {
    }

    static ParseResult update(IncidentRef ref, String rest) {
        List<LabeledText.Part> parts = LabeledText.split(rest, UPDATE_PARTS);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("progress", parts.get(0).text());
        for (LabeledText.Part part : parts.subList(1, parts.size())) {
            String label = part.label().replaceAll("\\s+", " ");
            String key = switch (label) {
                case "current status" -> "status";
                case "next steps" -> "next";
                default -> label;
            };
            // A label given twice keeps both texts, in the order typed.
            values.merge(key, part.text(), (a, b) -> a.isEmpty() ? b : b.isEmpty() ? a : a + "\n" + b);
        }
        String status = values.getOrDefault("status", "");
        Optional<String> refused = statusAnUpdateCannotSet(status);
        if (refused.isPresent()) {
            return invalid(refused.get(), "update");
        }
        Optional<Status> incidentStatus = Status.settable(status);
        Command.Update update = new Command.Update(ref, values.get("progress"),
                incidentStatus, incidentStatus.isPresent() ? "" : status,
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
        boolean lifecycleWord = Arrays.stream(Status.values())
                .anyMatch(s -> s.word().equals(status.strip().toLowerCase(Locale.ROOT)));
        if (!lifecycleWord || Status.settable(status.strip()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("status: an update sets one of " + Status.SETTABLE.replace("|", ", ")
                + " (or says how the service is, in your words); to close the incident use resolve.");
    }
}
