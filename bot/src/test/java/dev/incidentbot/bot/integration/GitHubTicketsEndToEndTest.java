package dev.incidentbot.bot.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.integration.github.testing.FakeGitHub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Action items to GitHub issues through the whole bot: chat command, engine transaction, outbox, the integration, a
 * strict local GitHub REST API (FakeGitHub), and back onto the timeline and into the export.
 */
class GitHubTicketsEndToEndTest {
    static final String REPO = "acme/incidents";
    static final String YAML = IntegrationBots.severities() + """
            tickets:
              github:
                repo: acme/incidents
                people: { alice: alice-gh, bob: bob-gh }
            """;

    @RegisterExtension
    final IntegrationBots bots = new IntegrationBots();
    FakeGitHub github;
    IntegrationBot bot;
    Map<String, String> env;

    @BeforeEach
    void fake() throws Exception {
        github = bots.closeAfter(FakeGitHub.start("ghp_test").withRepository(REPO, "alice-gh"));
        env = Map.of("GITHUB_TOKEN", "ghp_test", "GITHUB_API_URL", github.baseUri().toString());
    }


    private String declare() {
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drain();
        return bot.channel(1);
    }

    @Test
    void anActionItemOpensOneIssueWithAssigneeDueDateAndSeverityLabelLinkedFromTimelineAndExport() throws Exception {
        bot = bots.start(YAML, env);
        String channel = declare();
        assertThat(bot.command("dana", channel, "action add an alert on queue depth @alice due:2037-12-10"))
                .isEqualTo("Action item 1 recorded on INC-1.");
        bot.drain();

        assertThat(github.issues(REPO)).singleElement().satisfies(issue -> {
            assertThat(issue.path("title").asText()).isEqualTo("[INC-1] add an alert on queue depth");
            assertThat(issue.path("body").asText()).contains("checkout API returns 500s (sev1)", "Due: 2037-12-10",
                    "Owner: alice", "Incident: https://chat.example/"
                            + java.net.URLEncoder.encode(channel, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(issue.path("assignees").get(0).path("login").asText()).isEqualTo("alice-gh");
            assertThat(issue.path("labels").get(0).path("name").asText()).isEqualTo("sev1");
        });
        String url = "https://github.com/acme/incidents/issues/1";
        assertThat(bot.describedTimeline(1)).contains(
                "GitHub issue #1 for action item 1, assigned to alice-gh: " + url + " (" + url + ")");

        bot.command("dana", channel, "export md");
        bot.command("dana", channel, "export json");
        bot.drain();
        List<String> uploads = bot.chat.effects("upload").stream().map(e -> e.text()).toList();
        assertThat(uploads.get(0)).contains("- [ ] add an alert on queue depth - Owner: alice - Due: 2037-12-10 - " + url);
        JsonNode json = new ObjectMapper().readTree(uploads.get(1).substring(uploads.get(1).indexOf('\n') + 1));
        assertThat(json.path("action_items").get(0).path("links").get(0).asText()).isEqualTo(url);

        bot.command("dana", channel, "action write the post-mortem @carol");
        bot.drain();
        assertThat(github.issues(REPO)).hasSize(2);
        assertThat(github.issues(REPO).get(1).path("assignees")).isEmpty();
        assertThat(bot.describedTimeline(1)).anyMatch(l -> l.startsWith(
                "GitHub issue #2 for action item 2, unassigned (no GitHub login for carol under tickets.github.people)"));
    }

    @Test
    void aLostAnswerAndARestartStillGiveOneIssueAdoptedByItsMarker() {
        MutableClock clock = new MutableClock(TestBot.START);
        bot = bots.start(YAML, env, clock);
        String channel = declare();
        github.loseNextCreateAnswers(1);
        bot.command("dana", channel, "action add an alert on queue depth @bob");
        // GitHub created the issue but the answer was lost: the bot cannot know, so the row stays pending.
        await().atMost(Duration.ofSeconds(10)).until(() -> bot.count(
                "SELECT COUNT(*) FROM outbox WHERE platform = 'integration:github' AND attempts = 1 AND delivered_at IS NULL") == 1);
        assertThat(github.issues(REPO)).hasSize(1);
        bot.close();

        bot = bots.start(YAML, env, clock);
        bot.drain();

        assertThat(github.issues(REPO)).as("adopted, not created twice").hasSize(1);
        // Before the restart: one refused for its assignee (bob-gh is no collaborator), one created unassigned whose
        // answer was lost. After it: none, only the search that finds the issue.
        assertThat(github.requests()).filteredOn(r -> r.startsWith("POST")).hasSize(2);
        assertThat(github.requests()).anyMatch(r -> r.startsWith("GET /repos/acme/incidents/issues?state=all"));
        assertThat(bot.events(1, TimelineEvent.IntegrationCalled.class)).singleElement()
                .satisfies(e -> assertThat(e.describe()).startsWith("GitHub issue #1 for action item 1, unassigned (GitHub refused bob-gh as assignee)"));
    }

    @Test
    void aDrillOpensNoIssueAndARejectedTokenIsOnTheTimeline() {
        bot = bots.start(YAML, env);
        bot.command("dana", "drill sev1 practice: checkout down");
        bot.drain();
        bot.command("dana", bot.channel(1), "action practice the rollback");
        bot.drain();
        assertThat(github.requests()).isEmpty();
        assertThat(bot.describedTimeline(1)).contains(
                "[DRILL] would have done: GitHub issue in acme/incidents for action item 1");
        bot.close();

        bot = bots.start(bots.dir().resolve("wrong"), YAML, Map.of("GITHUB_TOKEN", "ghp_revoked",
                "GITHUB_API_URL", github.baseUri().toString()));
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drain();
        bot.command("dana", bot.channel(1), "action add an alert");
        bot.drain();
        assertThat(bot.events(1, TimelineEvent.DeliveryFailed.class)).singleElement()
                .satisfies(e -> assertThat(e.describe()).contains("GitHub rejected GITHUB_TOKEN (401 Bad credentials)"));
        assertThat(github.issues(REPO)).isEmpty();
    }

    @Test
    void withoutATokenTheBotRefusesToStartAndSaysWhichVariable() {
        assertThatThrownBy(() -> bots.start(YAML, Map.of()))
                .hasMessageContaining("set the environment variable GITHUB_TOKEN");
    }
}
