package dev.incidentbot.integration.github;

import java.util.List;

/** What to create: the fields of GitHub's "Create an issue" request that the bot uses. */
public record IssueDraft(String title, String body, List<String> assignees, List<String> labels) {
    public IssueDraft {
        assignees = List.copyOf(assignees);
        labels = List.copyOf(labels);
    }
}
