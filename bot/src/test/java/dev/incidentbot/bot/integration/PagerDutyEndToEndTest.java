package dev.incidentbot.bot.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.testing.MutableClock;
import dev.incidentbot.bot.testing.TestBot;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.integration.pagerduty.testing.FakePagerDuty;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PagerDuty through the whole bot: chat command, engine transaction, outbox, the integration, a strict local Events
 * API v2 (FakePagerDuty), and back onto the timeline.
 */
class PagerDutyEndToEndTest {
    static final String YAML = IntegrationBots.severities("pagerduty:payments") + """
            pagerduty:
              severities: { sev1: critical }
              source: shop-incident-bot
            """;

    @RegisterExtension
    final IntegrationBots bots = new IntegrationBots();
    FakePagerDuty pagerDuty;
    IntegrationBot bot;
    Map<String, String> env;

    @BeforeEach
    void fake() {
        pagerDuty = bots.closeAfter(new FakePagerDuty());
        env = Map.of("PAGERDUTY_ROUTING_KEY_PAYMENTS", pagerDuty.addService("payments"),
                "PAGERDUTY_EVENTS_URL", pagerDuty.url());
    }


    @Test
    void declaringPagesOnceWithTheIncidentIdAsDedupKeyAndChatAcknowledgeAndResolveFollow() throws Exception {
        MutableClock clock = new MutableClock(TestBot.START);
        bot = bots.start(YAML, env, clock);
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drainAtThisMoment();

        assertThat(pagerDuty.notifications()).containsExactly("payments: INC-1 SEV1 (Critical): checkout API returns 500s");
        FakePagerDuty.Alert alert = pagerDuty.alerts().get(0);
        assertThat(alert.dedupKey()).isEqualTo("INC-1");
        assertThat(alert.severity()).isEqualTo("critical");
        assertThat(pagerDuty.received().get(0).body().path("payload").path("source").asText()).isEqualTo("shop-incident-bot");
        // The chat invitation names people only; the PagerDuty target is not a chat user.
        assertThat(bot.chat.effects("invite")).extracting(e -> e.text()).contains("dana", "@oncall-primary")
                .noneMatch(t -> t.contains("payments"));
        assertThat(bot.describedTimeline(1)).contains("Paged payments on PagerDuty (critical) (INC-1)");

        clock.advance(Duration.ofMinutes(3));
        bot.command("olga", bot.channel(1), "ack");
        bot.drainAtThisMoment();
        assertThat(pagerDuty.alerts().get(0).state()).isEqualTo("acknowledged");
        assertThat(bot.describedTimeline(1)).contains("Acknowledged the PagerDuty page of payments (by olga in chat)");

        bot.command("olga", bot.channel(1), "resolve rolled back the deploy");
        bot.drain();
        assertThat(pagerDuty.alerts().get(0).state()).isEqualTo("resolved");
        assertThat(pagerDuty.alerts()).hasSize(1);
        assertThat(pagerDuty.accepted("trigger")).isEqualTo(1);

        // The export's figures say when the page went out and when it was acknowledged.
        bot.command("olga", bot.channel(1), "export json");
        bot.command("olga", bot.channel(1), "export md");
        bot.drain();
        List<String> uploads = bot.chat.effects("upload").stream().map(e -> e.text()).toList();
        com.fasterxml.jackson.databind.JsonNode figures = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(uploads.get(0).substring(uploads.get(0).indexOf('\n') + 1)).path("figures");
        assertThat(figures.path("pages_sent").asInt()).isEqualTo(1);
        assertThat(java.time.Instant.parse(figures.path("first_page_at").asText())).isEqualTo(TestBot.START);
        assertThat(java.time.Instant.parse(figures.path("pages_acknowledged_at").asText())).isEqualTo(TestBot.START.plusSeconds(180));
        assertThat(uploads.get(1)).contains("| Pages sent | 1 (first at 2037-11-26 10:00:00 UTC) |",
                "| Pages acknowledged | at 2037-11-26 10:03:00 UTC (3m 0s after the first page) |");
    }

    @Test
    void aLaterEscalationStepPagesItsServiceWhenItIsReachedUnacknowledged() {
        String yaml = """
                severities:
                  sev1:
                    name: Critical
                    acknowledge_within: 1s
                    update_every: 1h
                    escalation:
                      - after: 0s
                        notify: ["@oncall-primary"]
                      - after: 2s
                        notify: ["pagerduty:payments"]
                pagerduty:
                  severities: { sev1: critical }
                """;
        bot = bots.start(yaml, env, java.time.Clock.systemUTC());
        bot.command("dana", "sev1 checkout API returns 500s");
        await().atMost(Duration.ofSeconds(20)).until(() -> pagerDuty.notifications().size() == 1);
        assertThat(pagerDuty.received()).as("step 1 pages nobody; step 2 pages once").singleElement()
                .satisfies(r -> assertThat(r.body().path("payload").path("custom_details").path("escalation_step").asInt()).isEqualTo(2));
        assertThat(bot.events(1, TimelineEvent.Escalated.class)).last()
                .satisfies(e -> assertThat(((TimelineEvent.Escalated) e).notified()).containsExactly("pagerduty:payments"));
        // The step's chat message says who is notified outside chat, and invites nobody for a paging-only step.
        assertThat(bot.chat.effects("invite")).noneMatch(e -> e.text().contains("pagerduty"));
        await().atMost(Duration.ofSeconds(10)).until(() -> bot.chat.postsIn(bot.channel(1)).stream()
                .anyMatch(p -> p.contains("Notifying outside chat: pagerduty:payments")));
        assertThat(bot.chat.postsIn(bot.channel(1))).filteredOn(p -> p.contains("Notifying outside chat"))
                .singleElement().asString().contains("\nnot acknowledged within 1s").doesNotContain(": not acknowledged");
    }

    @Test
    void aRestartBetweenTheSendAndItsRecordSendsAgainButPagerDutyDeduplicatesSoNobodyIsPagedTwice() {
        MutableClock clock = new MutableClock(TestBot.START);
        pagerDuty.loseResponseOfNext(1);
        bot = bots.start(YAML, env, clock);
        bot.command("dana", "sev1 checkout API returns 500s");
        // PagerDuty took the event but the answer was lost: the bot cannot know, so the row stays pending.
        await().atMost(Duration.ofSeconds(10)).until(() -> bot.count(
                "SELECT COUNT(*) FROM outbox WHERE platform = 'integration:pagerduty' AND attempts = 1 AND delivered_at IS NULL") == 1);
        assertThat(pagerDuty.accepted("trigger")).isEqualTo(1);
        bot.close();

        bot = bots.start(YAML, env, clock);
        bot.drain();

        assertThat(pagerDuty.accepted("trigger")).as("sent again after the restart").isEqualTo(2);
        assertThat(pagerDuty.alerts()).hasSize(1);
        assertThat(pagerDuty.alerts().get(0).triggers()).isEqualTo(2);
        assertThat(pagerDuty.notifications()).as("one page, never two").hasSize(1);
        assertThat(bot.events(1, TimelineEvent.IntegrationCalled.class)).hasSize(1);
    }

    @Test
    void theStepReachedAgainOrAnotherDeclareOfTheSameIncidentNeverEnqueuesASecondTrigger() {
        bot = bots.start(YAML, env);
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drainAtThisMoment();
        bot.command("dana", bot.channel(1), "sev sev3");
        bot.command("dana", bot.channel(1), "sev sev1");
        bot.drain();
        assertThat(bot.count("SELECT COUNT(*) FROM outbox WHERE platform = 'integration:pagerduty'")).isEqualTo(1);
        assertThat(pagerDuty.notifications()).hasSize(1);
    }

    @Test
    void aDrillPagesNobodyAndSaysOnItsTimelineWhatItWouldHavePaged() {
        bot = bots.start(YAML, env);
        String answer = bot.command("dana", "drill sev1 practice: checkout down");
        bot.drainAtThisMoment();
        assertThat(answer).startsWith("[DRILL]");
        bot.command("dana", bot.channel(1), "ack");
        bot.command("dana", bot.channel(1), "resolve practice over");
        bot.drain();

        assertThat(pagerDuty.received()).isEmpty();
        assertThat(bot.count("SELECT COUNT(*) FROM outbox WHERE platform LIKE 'integration:%'")).isZero();
        assertThat(bot.describedTimeline(1)).contains("[DRILL] would have done: Paged payments on PagerDuty (critical)");
    }

    @Test
    void anOutageIsRetriedUntilPagerDutyTakesThePageAndChatIsNotHeldUp() {
        pagerDuty.failNext(3, 503);
        bot = bots.start(YAML, env);
        bot.command("dana", "sev1 checkout API returns 500s");
        // Chat does not wait for PagerDuty: the incident channel exists while the page is still being retried.
        await().atMost(Duration.ofSeconds(10)).until(() -> !bot.chat.effects("create").isEmpty());
        bot.drain();
        assertThat(pagerDuty.notifications()).hasSize(1);
        assertThat(bot.count("SELECT attempts FROM outbox WHERE platform = 'integration:pagerduty'")).isEqualTo(4);
    }

    @Test
    void aRejectedEventIsRecordedOnTheTimelineAndTheLaneMovesOn() {
        // A routing key PagerDuty does not know (32 characters, but no such integration).
        Map<String, String> wrong = Map.of("PAGERDUTY_ROUTING_KEY_PAYMENTS", "0123456789abcdef0123456789abcdef",
                "PAGERDUTY_EVENTS_URL", pagerDuty.url());
        bot = bots.start(YAML, wrong);
        bot.command("dana", "sev1 checkout API returns 500s");
        bot.drain();
        List<TimelineEvent> failed = bot.events(1, TimelineEvent.DeliveryFailed.class);
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).describe()).isEqualTo("Could not deliver Paged payments on PagerDuty (critical): "
                + "PagerDuty rejected the event: 400 Event object is invalid: [\"Invalid routing key\"]");
        assertThat(pagerDuty.notifications()).isEmpty();

        bot.command("olga", bot.channel(1), "ack");
        bot.drain();
        // The acknowledge finds no page to acknowledge and sends nothing.
        assertThat(pagerDuty.accepted("acknowledge")).isZero();
        assertThat(bot.describedTimeline(1)).noneMatch(l -> l.startsWith("Acknowledged the PagerDuty page"));
    }
}
