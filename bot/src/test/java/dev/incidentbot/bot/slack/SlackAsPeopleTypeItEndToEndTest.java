package dev.incidentbot.bot.slack;

import static dev.incidentbot.bot.slack.SlackBot.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.slack.testing.FakeSlackWebApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Commands as Slack sends what people type (docs.slack.dev/messaging/formatting-message-text, slash commands with
 * {@code should_escape}): entities, {@code <url|label>} links and {@code <@U…|name>} mentions, broadcasts typed by a
 * person, the playbook's update labels, and short {@code @handles} found through users.list (members of the channel
 * where one was typed first).
 */
class SlackAsPeopleTypeItEndToEndTest extends DeclaredSlackIncident {

    SlackAsPeopleTypeItEndToEndTest() {
        super("sev2 search is slow");
    }

    @Test
    void anUpdateWithThePlaybooksLabelsALinkAndAMentionPostsThemLiveAndBroadcastsAsText() {
        HttpResponse<String> ack = bot.inIncident(1, "update STATUS: identified PROGRESS: rolled back, see "
                + "<https://grafana.example/d/abc?from=1&amp;to=2|grafana> cc <@" + BOB + "|bob> <!here>\n"
                + "NEXT STEPS: watch error rate\nETA: 30m");
        assertThat(SlackBot.json(ack).path("text").asText()).startsWith("Update posted to INC-1.");
        bot.awaitDrained();

        assertThat(bot.incident(1).orElseThrow().status()).isEqualTo(Status.IDENTIFIED);
        FakeSlackWebApi.Message update = bot.fake.messages(channel).get(1);
        String blocks = update.blocks().toString();
        assertThat(blocks).contains("<https://grafana.example/d/abc?from=1&amp;to=2|grafana>", "<@" + BOB + ">",
                "@here", "watch error rate", "30m", "Identified");
        assertThat(blocks).doesNotContain("<!here>", "&amp;amp;", "&lt;https");
        // The plain fallback text reads as people see it.
        assertThat(update.text()).contains("grafana (https://grafana.example/d/abc?from=1&amp;to=2)", "@bob");
    }

    @Test
    void aStatusThatIsNotAnIncidentStatusIsShownAsTheServiceStatusAndTheAnswerSaysSo() {
        bot.inIncident(1, "status identified");
        HttpResponse<String> ack = bot.inIncident(1, "update progress: failed over to replica status: degraded but serving");
        assertThat(SlackBot.json(ack).path("text").asText())
                .contains("\"degraded but serving\" is not an incident status", "INC-1 stays identified");
        bot.awaitDrained();
        assertThat(bot.incident(1).orElseThrow().status()).isEqualTo(Status.IDENTIFIED);
        List<String> texts = bot.texts(channel);
        assertThat(texts.get(texts.size() - 1)).contains("failed over to replica", "Identified · degraded but serving");
    }

    @Test
    void aTitleTypedWithEntitiesIsEscapedOnceInTheTopicAndTheChannelName() {
        bot.inGeneral("sev3 R&amp;D wiki &lt;beta&gt; <!channel>");
        String second = bot.awaitChannel(2).id();
        bot.awaitDrained();
        Incident incident = bot.incident(2).orElseThrow();
        assertThat(incident.title()).isEqualTo("R&D wiki <beta> @channel");
        assertThat(incident.conversationName()).endsWith("-2-r-d-wiki-beta-channel");
        assertThat(bot.fake.channel(second).orElseThrow().topic())
                .endsWith("R&amp;D wiki &lt;beta&gt; @channel").doesNotContain("<!channel>");
    }

    @Test
    void aShortHandleIsTheOneSlackUserWithThatHandle() {
        HttpResponse<String> ack = bot.inIncident(1, "commander @bob");
        assertThat(SlackBot.json(ack).path("text").asText()).isEqualTo("bob is now commander of INC-1.");
        assertThat(bot.incident(1).orElseThrow().commander().orElseThrow().id()).isEqualTo(BOB);
        assertThat(bot.fake.calls("users.list")).hasSize(1);

        // Mentioned with Slack's own picker, no lookup is needed.
        bot.inIncident(1, "role scribe <@" + SlackBot.ALICE + "|alice>");
        assertThat(bot.incident(1).orElseThrow().roles().get("scribe").id()).isEqualTo(SlackBot.ALICE);
        assertThat(bot.fake.calls("users.list")).hasSize(1);
    }

    @Test
    void anAmbiguousShortHandleIsAnsweredWithTheCandidatesAndChangesNothing() {
        bot.fake.addUser("U0SAM0001", "sam.one", "s1@example.com", "sam", "Sam One");
        bot.fake.addUser("U0SAM0002", "sam.two", "s2@example.com", "sam", "Sam Two");
        List<String> before = bot.timelineTypes(1);

        HttpResponse<String> ack = bot.inIncident(1, "role scribe @sam");

        assertThat(SlackBot.json(ack).path("text").asText())
                .isEqualTo("`@sam` could be: sam (U0SAM0001), sam (U0SAM0002) — mention one of them.");
        assertThat(bot.timelineTypes(1)).isEqualTo(before);
        assertThat(bot.incident(1).orElseThrow().roles()).doesNotContainKey("scribe");

        HttpResponse<String> nobody = bot.inIncident(1, "commander @nobody");
        assertThat(SlackBot.json(nobody).path("text").asText()).contains("cannot tell who \"@nobody\" is");
    }

    @Test
    void anAmbiguousShortHandleMeansThePersonInTheChannelWhereItWasTyped() {
        bot.fake.addUser("U0SAM0001", "sam.one", "s1@example.com", "sam", "Sam One");
        bot.fake.addUser("U0SAM0002", "sam.two", "s2@example.com", "sam", "Sam Two");
        bot.inIncident(1, "role comms <@U0SAM0001|sam>");
        String channel = bot.channelOf(1).id();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                bot.fake.channel(channel).orElseThrow().members().contains("U0SAM0001"));

        HttpResponse<String> ack = bot.inIncident(1, "commander @sam");

        assertThat(SlackBot.json(ack).path("text").asText()).isEqualTo("sam is now commander of INC-1.");
        assertThat(bot.incident(1).orElseThrow().commander().orElseThrow().id()).isEqualTo("U0SAM0001");
        // In #general neither Sam is a member: the bot asks which one rather than guess.
        HttpResponse<String> elsewhere = bot.inGeneral("role INC-1 scribe @sam");
        assertThat(SlackBot.json(elsewhere).path("text").asText())
                .isEqualTo("`@sam` could be: sam (U0SAM0001), sam (U0SAM0002) — mention one of them.");
    }
}
