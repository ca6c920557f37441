package dev.incidentbot.integration.github;

import dev.incidentbot.integration.Integration;
import dev.incidentbot.integration.IntegrationContext;
import dev.incidentbot.integration.IntegrationProvider;
import dev.incidentbot.integration.IntegrationSettings;
import java.util.List;

/** Action items to GitHub issues: {@code tickets: { github: ... }}, {@code GITHUB_TOKEN}, {@code GITHUB_API_URL}. */
public final class GitHubProvider implements IntegrationProvider {
    @Override
    public String name() {
        return GitHubTickets.NAME;
    }

    @Override
    public String configSection() {
        return GitHubSettings.SECTION;
    }

    @Override
    public List<String> validate(IntegrationSettings settings) {
        return GitHubSettings.validate(settings.section(GitHubSettings.SECTION), settings.env());
    }

    @Override
    public Integration create(IntegrationSettings settings, IntegrationContext context) {
        return GitHubSettings.parse(settings.section(GitHubSettings.SECTION), settings.env())
                .<Integration>map(GitHubTickets::new)
                .orElseThrow(() -> new IllegalStateException("tickets: has no github: section"));
    }
}
