package dev.incidentbot.bot.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.integration.statuspage.testing.FakeStatuspage;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The customer status page through the whole bot, against a strict local Statuspage API (FakeStatuspage). */
class StatuspageEndToEndTest {
    static final String YAML = IntegrationBots.severities() + """
            statuspage:
              page_id: abc123
              severities: [sev1]
              components: { sev1: cmp1 }
            """;

    @RegisterExtension
    final IntegrationBots bots = new IntegrationBots();
    FakeStatuspage statuspage;
    IntegrationBot bot;
    Map<String, String> env;

    @BeforeEach
    void fake() {
        statuspage = bots.closeAfter(new FakeStatuspage("sp-key-123", "abc123", Set.of("cmp1", "cmp2")));
        env = Map.of("STATUSPAGE_API_KEY", "sp-key-123", "STATUSPAGE_API_URL", statuspage.url());
    }


    @Test
    void declareOpensThePublicIncidentTheCommandPublishesAndResolveResolvesWithNoInternalFieldEverPublic() {
        bot = bots.start(YAML, env);
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drain();
        assertThat(statuspage.incidents()).hasSize(1);
        FakeStatuspage.PublicIncident opened = statuspage.incidents().get(0);
        assertThat(opened.name()).isEqualTo("checkout API returns 500s");
        assertThat(opened.status()).isEqualTo("investigating");
        assertThat(opened.updates()).containsExactly("We are investigating an issue. We will post updates here as we learn more.");
        assertThat(statuspage.components()).containsEntry("cmp1", "major_outage").containsEntry("cmp2", "operational");
        assertThat(opened.metadata().path("incident_bot").path("incident").asText()).isEqualTo("INC-1");

        String channel = bot.channel(1);
        bot.command("dana", channel, "commander");
        bot.command("dana", channel, "note the db-7 root password was rotated");
        bot.command("dana", channel, "update restarted db-7.internal, watching errors status: identified");
        bot.drain();
        assertThat(statuspage.incidents().get(0).updates()).as("chat updates are not public unless configured").hasSize(1);

        assertThat(bot.command("dana", channel, "statuspage We have found the cause and are rolling out a fix."))
                .isEqualTo("Publishing the customer update for INC-1; the timeline shows it.");
        bot.drain();
        assertThat(statuspage.incidents().get(0).updates()).last().isEqualTo("We have found the cause and are rolling out a fix.");
        assertThat(bot.chat.postsIn(channel)).anyMatch(p -> p.contains("Customer update by @dana: We have found the cause"));
        assertThat(bot.describedTimeline(1)).contains(
                "Customer update requested: We have found the cause and are rolling out a fix.",
                "Published on the status page: We have found the cause and are rolling out a fix. (sp1)");

        bot.command("dana", channel, "resolve rolled back the deploy root cause: bad config on db-7");
        bot.drain();
        FakeStatuspage.PublicIncident resolved = statuspage.incidents().get(0);
        assertThat(resolved.status()).isEqualTo("resolved");
        assertThat(statuspage.components()).containsEntry("cmp1", "operational");
        assertThat(String.join("\n", resolved.updates()) + resolved.name())
                .doesNotContain("dana", "db-7", "root password", "rolled back", "restarted");
        assertThat(statuspage.incidents()).hasSize(1);
    }

    @Test
    void aSeverityWithoutARuleSendsNothingPublicUntilSomeoneAsksAndThenOpensOneIncident() {
        bot = bots.start(YAML, env);
        bot.command("dana", "sev3 search is slow");
        bot.drainAtThisMoment();
        bot.command("dana", bot.channel(1), "update reindexing");
        bot.drain();
        assertThat(statuspage.requests()).isEmpty();

        bot.command("dana", bot.channel(1), "statuspage Search may be slow for some customers.");
        bot.command("dana", bot.channel(1), "resolve reindexed");
        bot.drain();
        assertThat(statuspage.incidents()).hasSize(1);
        assertThat(statuspage.incidents().get(0).updates()).containsExactly("Search may be slow for some customers.",
                "This incident has been resolved. Thank you for your patience.");
        assertThat(statuspage.incidents().get(0).status()).isEqualTo("resolved");
    }

    @Test
    void withoutAStatusPageTheCommandSaysSoAndChangesNothing() {
        bot = bots.start(IntegrationBots.severities(), Map.of());
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drain();
        long events = bot.timeline(1).size();
        String answer = bot.command("dana", bot.channel(1), "statuspage We are on it.");
        assertThat(answer).startsWith("No status page is configured, so nothing was published.");
        assertThat(bot.timeline(1)).hasSize((int) events);
        assertThat(bot.command("dana", bot.channel(1), "statuspage")).contains("/incident statuspage");
    }

    @Test
    void aDrillPublishesNothingAndItsTimelineSaysWhatWouldHaveBeenPublished() {
        bot = bots.start(YAML, env);
        bot.command("dana", "drill sev1 practice: checkout down");
        bot.drainAtThisMoment();
        assertThat(bot.command("dana", bot.channel(1), "statuspage Practice text."))
                .isEqualTo("Drill: the customer update was recorded on INC-1's timeline, not published.");
        bot.command("dana", bot.channel(1), "resolve practice over");
        bot.drain();
        assertThat(statuspage.requests()).isEmpty();
        assertThat(bot.describedTimeline(1)).contains(
                "[DRILL] would have done: Opened a public incident on the status page: practice: checkout down",
                "[DRILL] would have done: Published on the status page: Practice text.");
    }

    @Test
    void aLostAnswerToTheCreateIsAdoptedByItsMarkerNotOpenedTwice() {
        statuspage.loseResponseOfNext(1);
        bot = bots.start(YAML, env);
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drain();
        assertThat(statuspage.incidents()).hasSize(1);
        assertThat(statuspage.requests()).filteredOn(r -> r.startsWith("POST")).hasSize(1);
        assertThat(bot.events(1, TimelineEvent.IntegrationCalled.class)).hasSize(1);
    }

    @Test
    void aLostAnswerToACustomerUpdateIsFoundOnTheIncidentNotPublishedTwice() {
        bot = bots.start(YAML, env);
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drainAtThisMoment();
        statuspage.loseResponseOfNext(1);
        bot.command("dana", bot.channel(1), "statuspage We rolled back the release; checkout is recovering.");
        bot.drain();
        assertThat(statuspage.incidents().get(0).updates())
                .filteredOn(u -> u.equals("We rolled back the release; checkout is recovering.")).hasSize(1);
        assertThat(statuspage.requests()).filteredOn(r -> r.startsWith("PATCH")).hasSize(1);
        assertThat(statuspage.requests()).filteredOn(r -> r.startsWith("GET /v1/pages/abc123/incidents/sp")).hasSize(1);
    }

    @Test
    void chatUpdatesArePublishedFromThePublicTemplateWhenConfigured() {
        bot = bots.start(YAML + "  post_updates: true\n", env);
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drainAtThisMoment();
        bot.command("dana", bot.channel(1), "update restarted db-7.internal status: identified impact: checkout fails for some customers eta: 14:00 UTC");
        bot.drain();
        assertThat(statuspage.incidents().get(0).updates()).last().isEqualTo(
                "Status: Identified. Impact: checkout fails for some customers. We are continuing to work on this issue and expect the next step around 14:00 UTC.");
        assertThat(statuspage.incidents().get(0).status()).isEqualTo("identified");
    }

    @Test
    void aRefusedKeyIsOnTheTimelineNotRetriedForever() {
        bot = bots.start(YAML, Map.of("STATUSPAGE_API_KEY", "wrong", "STATUSPAGE_API_URL", statuspage.url()));
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drain();
        assertThat(bot.describedTimeline(1)).anyMatch(l -> l.startsWith(
                "Could not deliver Opened a public incident on the status page: checkout API returns 500s: Statuspage refused GET")
                && l.contains("401"));
        assertThat(statuspage.incidents()).isEmpty();
    }
}
