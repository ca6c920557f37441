package dev.incidentbot.bot.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.timeline.TimelineEntry;
import dev.incidentbot.integration.alertmanager.testing.RealAlertmanager;
import dev.incidentbot.integration.alertmanager.testing.RealAlertmanager.PostedAlert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alerts through the whole bot: the real Prometheus Alertmanager (Debian's package) routes alerts pushed to its v2 API
 * to the bot's Jetty at POST /alerts/alertmanager with a bearer token; the bot declares, adds to timelines and tells
 * the commander through the engine and the outbox, seen on the in-memory chat platform.
 */
@Tag("processes")
class AlertmanagerEndToEndTest {
    static final String TOKEN = "am-webhook-token-1";
    static final String YAML = IntegrationBots.severities() + """
            alerts:
              announce_in: { platform: memory, conversation: "#alerts" }
              rules:
                - match: { severity: critical }
                  declare: sev1
                - match: { severity: warning, team: payments }
                  declare: sev3
            """;

    @RegisterExtension
    final IntegrationBots bots = new IntegrationBots();
    IntegrationBot bot;
    RealAlertmanager alertmanager;
    final HttpClient http = HttpClient.newHttpClient();

    private void start(Map<String, String> env) throws Exception {
        bot = bots.startServingHttp(bots.dir().resolve("bot"), YAML, env);
        alertmanager = bots.closeAfter(RealAlertmanager.start(bots.dir().resolve("alertmanager"), webhook(), TOKEN,
                RealAlertmanager.Route.fast("alertname")));
    }

    private URI webhook() {
        return URI.create("http://127.0.0.1:" + bot.app.httpPort() + "/alerts/alertmanager");
    }

    private static PostedAlert alert(String name, String service, String severity) {
        return PostedAlert.firing(Map.of("alertname", name, "service", service, "severity", severity, "team", "payments"),
                Map.of("summary", name + " on " + service, "runbook_url", "https://runbooks.example/" + name));
    }

    private long incidents() {
        return bot.count("SELECT COUNT(*) FROM incident");
    }

    private List<String> notes(long incident) {
        return bot.timeline(incident).stream().filter(e -> e.type().equals("note_added"))
                .map(e -> e.actor().displayName() + ": " + dev.incidentbot.bot.store.TimelineStore.decode(e).describe()).toList();
    }

    @Test
    void aFiringGroupDeclaresOnceAndLaterAlertsOfTheGroupJoinItsTimeline() throws Exception {
        start(Map.of("ALERTMANAGER_WEBHOOK_TOKEN", TOKEN));
        PostedAlert checkout = alert("HighLatency", "checkout", "critical");
        alertmanager.push(List.of(checkout));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidents() == 1 && !notes(1).isEmpty());
        bot.drain();

        var incident = bot.app.service().find(1).orElseThrow();
        assertThat(incident.title()).isEqualTo("HighLatency on checkout");
        assertThat(incident.severity()).isEqualTo("sev1");
        assertThat(incident.declaredBy().displayName()).isEqualTo("incident-bot (from Alertmanager)");
        assertThat(notes(1)).singleElement().asString()
                .startsWith("incident-bot (from Alertmanager): ")
                .contains("1 alert firing", "• firing HighLatency {service=checkout, severity=critical, team=payments}",
                        "runbook_url: https://runbooks.example/HighLatency", "summary: HighLatency on checkout",
                        "source: " + checkout.generatorUrl());
        assertThat(bot.chat.postsIn("#alerts")).as("announced where alerts: says").singleElement().asString()
                .contains("INC-1", "HighLatency on checkout");
        assertThat(bot.chat.effects("invite")).as("the bot does not invite itself").extracting(e -> e.text())
                .contains("@oncall-primary").noneMatch(t -> t.contains("incident-bot"));

        alertmanager.push(List.of(checkout, alert("HighLatency", "cart", "critical")));
        await().atMost(Duration.ofSeconds(30)).until(() -> notes(1).size() == 2);
        assertThat(notes(1).get(1)).contains("1 alert firing", "• firing HighLatency {service=cart").doesNotContain("service=checkout");
        assertThat(incidents()).as("never two incidents for one group").isEqualTo(1);

        // Once people resolve it, the group firing anew is a new incident.
        bot.command("dana", bot.channel(1), "resolve rolled back");
        alertmanager.push(List.of(alert("HighLatency", "search", "critical")));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidents() == 2 && !notes(2).isEmpty());
        assertThat(notes(2).get(0)).contains("3 alerts firing", "service=search", "service=cart", "service=checkout");
        assertThat(notes(1)).hasSize(2);
    }

    @Test
    void resolvedAlertsAreNotedAndTheCommanderToldButTheIncidentStaysOpen() throws Exception {
        start(Map.of("ALERTMANAGER_WEBHOOK_TOKEN", TOKEN));
        PostedAlert disk = alert("DiskFull", "db1", "critical");
        alertmanager.push(List.of(disk));
        await().atMost(Duration.ofSeconds(30)).until(() -> incidents() == 1 && !notes(1).isEmpty());
        bot.drain();
        String channel = bot.channel(1);
        assertThat(bot.command("dana", channel, "commander")).contains("dana is now commander of INC-1");

        alertmanager.push(List.of(disk.resolvedAt(Instant.now().minusSeconds(1))));
        await().atMost(Duration.ofSeconds(30)).until(() -> notes(1).size() == 2);
        bot.drain();

        assertThat(notes(1).get(1)).contains("1 alert resolved", "The incident stays open", "• resolved DiskFull {service=db1");
        assertThat(bot.chat.postsIn(channel)).anySatisfy(p -> assertThat(p).contains("@dana", "1 alert resolved", "DiskFull"));
        assertThat(bot.app.service().find(1).orElseThrow().status()).isNotEqualTo(Status.RESOLVED);
    }

    @Test
    void aGroupNoRuleMatchesIsAcknowledgedAndIgnored() throws Exception {
        start(Map.of("ALERTMANAGER_WEBHOOK_TOKEN", TOKEN));
        alertmanager.push(List.of(PostedAlert.firing(Map.of("alertname", "Info", "severity", "info"), Map.of())));
        await().atMost(Duration.ofSeconds(30)).until(() -> alertmanager.metric("alertmanager_notifications_total") >= 1);
        assertThat(alertmanager.metric("alertmanager_notifications_failed_total")).as("the bot answered 2xx").isZero();
        assertThat(incidents()).isZero();
        assertThat(bot.chat.effects()).isEmpty();
    }

    @Test
    void withoutATokenTheEndpointIsOffAndAWrongTokenRecordsNothing() throws Exception {
        bot = bots.startServingHttp(bots.dir().resolve("off"), YAML, Map.of());
        byte[] body = sample();
        assertThat(post(Optional.of("Bearer " + TOKEN), body).statusCode()).isEqualTo(404);
        bot.close();

        bot = bots.startServingHttp(bots.dir().resolve("on"), YAML, Map.of("ALERTMANAGER_WEBHOOK_TOKEN", TOKEN));
        assertThat(post(Optional.of("Bearer wrong"), body).statusCode()).isEqualTo(401);
        assertThat(post(Optional.empty(), body).statusCode()).isEqualTo(401);
        assertThat(incidents()).isZero();
        assertThat(bot.count("SELECT COUNT(*) FROM timeline_event")).isZero();

        HttpResponse<String> malformed = post(Optional.of("Bearer " + TOKEN), "{\"version\":\"3\"}".getBytes());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("version must be \"4\"");
        assertThat(incidents()).isZero();

        HttpResponse<String> accepted = post(Optional.of("Bearer " + TOKEN), body);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("declared incident 1");
        assertThat(incidents()).isEqualTo(1);
    }

    @Test
    void aStormOfAThousandAlertsInFiveGroupsOpensFiveIncidentsAndAFewMessages() throws Exception {
        start(Map.of("ALERTMANAGER_WEBHOOK_TOKEN", TOKEN));
        List<PostedAlert> storm = new ArrayList<>();
        IntStream.range(0, 1000).forEach(n -> storm.add(alert("Storm" + (n % 5), "host-" + n, "critical")));
        for (int from = 0; from < storm.size(); from += 100) {
            alertmanager.push(storm.subList(from, from + 100));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> known() == 1000);
        bot.drain();

        assertThat(incidents()).isEqualTo(5);
        assertThat(bot.app.service().find(1).orElseThrow().title()).startsWith("Storm");
        // What chat sees stays within Slack's limits (about one message per second per channel, short bursts allowed):
        // five announcements, and per incident its creation, initial message, pin and topic, not one post per alert.
        assertThat(bot.chat.postsIn("#alerts")).hasSize(5);
        assertThat(bot.chat.effects("post")).hasSize(5 + 5);
        assertThat(bot.chat.effects()).hasSizeLessThanOrEqualTo(5 * 6);
        for (long n = 1; n <= 5; n++) {
            List<TimelineEntry> timeline = bot.timeline(n);
            assertThat(timeline.size()).as("INC-%d's timeline: one entry per notification, not per alert", n).isLessThan(40);
        }
    }

    private long known() {
        return bot.count("SELECT COUNT(*) FROM external_ref WHERE integration = 'intake:Alertmanager'");
    }

    private HttpResponse<String> post(Optional<String> authorization, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        authorization.ifPresent(a -> request.header("Authorization", a));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A notification as Alertmanager 0.25 sends it (captured from the wire test's receiver). */
    private static byte[] sample() {
        return """
                {"receiver":"bot","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"HighLatency",\
                "service":"checkout","severity":"critical"},"annotations":{"summary":"Checkout p95 above 2s"},\
                "startsAt":"2026-12-02T04:00:00.123Z","endsAt":"0001-01-01T00:00:00Z",\
                "generatorURL":"http://prometheus.example:9090/graph","fingerprint":"0a1b2c3d4e5f6071"}],\
                "groupLabels":{"alertname":"HighLatency"},"commonLabels":{"alertname":"HighLatency","service":"checkout",\
                "severity":"critical"},"commonAnnotations":{"summary":"Checkout p95 above 2s"},\
                "externalURL":"http://alertmanager.example:9093","version":"4",\
                "groupKey":"{}:{alertname=\\"HighLatency\\"}","truncatedAlerts":0}""".getBytes();
    }
}
