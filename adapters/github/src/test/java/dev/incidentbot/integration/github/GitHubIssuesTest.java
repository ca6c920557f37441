package dev.incidentbot.integration.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.integration.github.testing.FakeGitHub;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubIssuesTest {
    private static final String REPO = "acme/incidents";
    private FakeGitHub github;
    private GitHubSettings settings;

    @BeforeEach
    void start() throws Exception {
        github = FakeGitHub.start("ghp_right").withRepository(REPO, "alice-gh");
        settings = new GitHubSettings("acme", "incidents", github.baseUri(), "ghp_right", Map.of("alice", "alice-gh"));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private ActionItemTicket ticket(int item, String owner) {
        return new ActionItemTicket("INC-7", "Checkout latency", "sev1", Optional.of("https://chat.example/inc-7"),
                item, "Add an alert on queue depth", owner, "2026-12-20");
    }

    @Test
    void anActionItemBecomesAnIssueWithAssigneeDueDateLabelAndMarker() {
        CreatedIssue created = new GitHubIssues(settings).create(ticket(3, "@alice").draft(settings));
        assertThat(created.htmlUrl()).isEqualTo(URI.create("https://github.com/acme/incidents/issues/1"));
        assertThat(created.assigned()).isTrue();
        assertThat(github.issues(REPO)).singleElement().satisfies(issue -> {
            assertThat(issue.path("title").asText()).isEqualTo("[INC-7] Add an alert on queue depth");
            assertThat(issue.path("body").asText()).contains("Due: 2026-12-20", "Incident: https://chat.example/inc-7",
                    "Owner: @alice", "<!-- incident-bot: INC-7 action item 3 -->");
            assertThat(issue.path("assignees").get(0).path("login").asText()).isEqualTo("alice-gh");
            assertThat(issue.path("labels").get(0).path("name").asText()).isEqualTo("sev1");
        });
    }

    @Test
    void anOwnerGitHubRefusesAsAssigneeStillGetsTheIssueUnassigned() {
        GitHubSettings unknownLogin = new GitHubSettings("acme", "incidents", github.baseUri(), "ghp_right", Map.of("bob", "bob-gh"));
        CreatedIssue created = new GitHubIssues(unknownLogin).create(ticket(1, "@bob").draft(unknownLogin));
        assertThat(created.assigned()).isFalse();
        assertThat(github.issues(REPO)).singleElement().satisfies(i -> assertThat(i.path("assignees")).isEmpty());
        assertThat(github.requests()).filteredOn(r -> r.startsWith("POST")).hasSize(2);
    }

    @Test
    void anOwnerWithoutALoginIsNamedInTheBodyOnly() {
        IssueDraft draft = ticket(1, "@carol").draft(settings);
        assertThat(draft.assignees()).isEmpty();
        assertThat(draft.body()).contains("Owner: @carol");
    }

    @Test
    void whatRetryingCannotFixIsPermanentAndSaysWhy() {
        GitHubSettings wrongToken = new GitHubSettings("acme", "incidents", github.baseUri(), "ghp_wrong", Map.of());
        assertThatThrownBy(() -> new GitHubIssues(wrongToken).create(ticket(1, "").draft(wrongToken)))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("GITHUB_TOKEN (401 Bad credentials)");
        GitHubSettings otherRepo = new GitHubSettings("acme", "secret", github.baseUri(), "ghp_right", Map.of());
        assertThatThrownBy(() -> new GitHubIssues(otherRepo).create(ticket(1, "").draft(otherRepo)))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("no repository acme/secret");
        assertThatThrownBy(() -> new GitHubIssues(settings).create(new IssueDraft(" ", "", List.of(), List.of())))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("422");
        github.disableIssues(REPO);
        assertThatThrownBy(() -> new GitHubIssues(settings).create(ticket(1, "").draft(settings)))
                .isInstanceOf(DeliveryException.Permanent.class).hasMessageContaining("issues are disabled");
        assertThat(github.issues(REPO)).isEmpty();
    }

    @Test
    void serverErrorsAndRateLimitsAreRetryable() {
        github.answerNextWith(502, 403, 429);
        GitHubIssues issues = new GitHubIssues(settings);
        assertThatThrownBy(() -> issues.create(ticket(1, "").draft(settings))).isInstanceOf(DeliveryException.Retryable.class);
        assertThatThrownBy(() -> issues.create(ticket(1, "").draft(settings)))
                .isInstanceOfSatisfying(DeliveryException.Retryable.class, e -> assertThat(e.retryAfter()).isPresent());
        assertThatThrownBy(() -> issues.create(ticket(1, "").draft(settings)))
                .isInstanceOfSatisfying(DeliveryException.Retryable.class, e -> assertThat(e.retryAfter()).hasValue(java.time.Duration.ofSeconds(1)));
        assertThat(github.issues(REPO)).isEmpty();
    }

    @Test
    void afterALostAnswerTheMarkerFindsTheIssueAndPullRequestsAreNotMistakenForIt() {
        ActionItemTicket t = ticket(4, "");
        github.addPullRequest(REPO, "mentions " + t.marker());
        github.loseNextCreateAnswers(1);
        GitHubIssues issues = new GitHubIssues(settings);
        assertThatThrownBy(() -> issues.create(t.draft(settings))).isInstanceOf(DeliveryException.Retryable.class);
        assertThat(issues.findByMarker(t.marker())).hasValueSatisfying(found ->
                assertThat(found.htmlUrl()).isEqualTo(URI.create("https://github.com/acme/incidents/issues/2")));
        assertThat(issues.findByMarker(ticket(5, "").marker())).isEmpty();
    }
}
