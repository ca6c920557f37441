package dev.incidentbot.integration.github;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An incident's action item as a GitHub issue. The body carries a marker naming the incident and the item, so a
 * retry after an unknown outcome finds the issue an earlier try created instead of opening a second one.
 */
public record ActionItemTicket(String incidentId, String incidentTitle, String severity, Optional<String> incidentLink,
                               int item, String text, String owner, String due) {
    private static final int MAX_TITLE = 256;

    public String marker() {
        return "<!-- incident-bot: " + incidentId + " action item " + item + " -->";
    }

    public IssueDraft draft(GitHubSettings settings) {
        String title = "[" + incidentId + "] " + text;
        StringBuilder body = new StringBuilder();
        body.append("Action item ").append(item).append(" from incident ").append(incidentId).append(": ")
                .append(incidentTitle).append(" (").append(severity).append(")\n\n");
        body.append(text).append("\n\n");
        incidentLink.ifPresent(l -> body.append("Incident: ").append(l).append('\n'));
        if (!owner.isEmpty()) {
            body.append("Owner: ").append(owner).append('\n');
        }
        if (!due.isEmpty()) {
            body.append("Due: ").append(due).append('\n');
        }
        body.append('\n').append(marker()).append('\n');
        List<String> assignees = new ArrayList<>();
        if (!owner.isEmpty()) {
            settings.loginOf(owner).ifPresent(assignees::add);
        }
        return new IssueDraft(title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "…",
                body.toString(), assignees, List.of(severity));
    }
}
