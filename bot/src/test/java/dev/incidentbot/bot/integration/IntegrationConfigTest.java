package dev.incidentbot.bot.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigException;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.testing.InProcessCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each integration's config section, checked by check-config and at start-up: one clear line per problem. */
class IntegrationConfigTest {
    static final String SEVERITIES = """
            severities:
              sev1:
                name: Critical
                acknowledge_within: 5m
                update_every: 15m
                escalation:
                  - after: 0m
                    notify: ["@oncall", "pagerduty:payments", "email:lead@example.com"]
              sev2:
                name: High
                acknowledge_within: 15m
                update_every: 30m
                escalation:
                  - after: 0m
                    notify: ["@alice:example.org"]
            """;
    static final String GOOD = SEVERITIES + """
            pagerduty:
              severities: { sev1: critical }
            smtp: { host: smtp.example.com, port: 587, from: incident-bot@example.com, starttls: true, user: bot }
            stakeholders: { sev1: [cto@example.com] }
            statuspage: { page_id: abc123, severities: [sev1], components: { sev1: cmp1 } }
            """;
    static final Map<String, String> ENV = Map.of("PAGERDUTY_ROUTING_KEY_PAYMENTS", "0123456789abcdef0123456789abcdef",
            "SMTP_PASSWORD", "pw", "STATUSPAGE_API_KEY", "key");

    @TempDir
    Path dir;

    private static List<String> problems(String yaml, Map<String, String> env) {
        BotConfig config = ConfigLoader.parse(yaml);
        return IntegrationCatalog.installed().validate(config, env);
    }

    @Test
    void aCompleteConfigurationIsAcceptedAndEveryIntegrationIsActive() {
        assertThat(problems(GOOD, ENV)).isEmpty();
        assertThat(IntegrationCatalog.installed().active(ConfigLoader.parse(GOOD)))
                .extracting(p -> p.name()).containsExactlyInAnyOrder("pagerduty", "email", "statuspage");
        assertThat(IntegrationCatalog.installed().active(ConfigLoader.parse(SEVERITIES.replace(", \"pagerduty:payments\", \"email:lead@example.com\"", ""))))
                .isEmpty();
    }

    @Test
    void aMistypedSectionNameIsAnUnknownKeyThatNamesTheIntegrationSections() {
        assertThatThrownBy(() -> ConfigLoader.parse(SEVERITIES + "pagerdty: { severities: { sev1: critical } }\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
                        .startsWith("pagerdty: unknown key (known: ").contains("pagerduty", "smtp", "stakeholders", "statuspage"));
    }

    @Test
    void everyMistakeIsOneLineNamingItsKeyAndWhatToWriteInstead() {
        String yaml = SEVERITIES.replace("\"@oncall\"", "\"@oncall\", \"opsgenie:team\"") + """
                pagerduty:
                  severities: { sev1: urgent, sev9: info }
                  sevs: {}
                smtp: { host: "", port: 70000, from: not-an-address, starttls: maybe, user: bot }
                stakeholders: { sev1: ["cto at example"] }
                statuspage: { severities: [sev7], components: { sev1: "cmp 1" }, component_status: { sev1: broken } }
                """;
        assertThat(problems(yaml, Map.of("PAGERDUTY_ROUTING_KEY_PAYMENTS", "short", "STATUSPAGE_API_URL", "ftp://x"))).containsExactlyInAnyOrder(
                "severities.sev1.escalation[0].notify: \"opsgenie:team\" names no integration (known: email, pagerduty, e.g. pagerduty:<service>); chat targets start with @",
                "pagerduty.sevs: unknown key (known: severities, source)",
                "pagerduty.severities.sev1: \"urgent\" is not a PagerDuty severity; write critical, error, warning or info",
                "pagerduty.severities.sev9: no such severity (known: sev1, sev2)",
                "PAGERDUTY_ROUTING_KEY_PAYMENTS: 5 characters; a PagerDuty integration key has 32",
                "smtp.host: missing; the SMTP server's name, e.g. smtp.example.com",
                "smtp.port: expected a port from 1 to 65535 (587 for STARTTLS submission)",
                "smtp.from: \"not-an-address\" is not an e-mail address (Missing final '@domain'); write it like name@example.com",
                "smtp.starttls: expected true or false",
                "SMTP_PASSWORD: not set; smtp.user is bot, so the server needs its password",
                "stakeholders.sev1: \"cto at example\" is not an e-mail address (Local address contains control or whitespace); write it like name@example.com",
                "statuspage.page_id: missing; the id of your page (Statuspage > API info), e.g. page_id: abc123",
                "statuspage.severities: \"sev7\" is not a severity (known: sev1, sev2)",
                "statuspage.components.sev1: \"cmp 1\" is not a component id",
                "statuspage.component_status.sev1: \"broken\" is not a component status; write one of degraded_performance, major_outage, operational, partial_outage, under_maintenance",
                "STATUSPAGE_API_KEY: not set; the statuspage: section needs an API key (Statuspage > your avatar > API info)",
                "STATUSPAGE_API_URL: \"ftp://x\" is not an http(s) URL");
    }

    @Test
    void aPagingTargetNeedsItsSectionAndItsRoutingKey() {
        assertThat(problems(SEVERITIES + "smtp: { host: h, port: 25, from: a@example.com }\n", Map.of())).containsExactly(
                "pagerduty: missing; escalation names pagerduty:payments, so say how severities map to PagerDuty's, e.g. pagerduty: { severities: { sev1: critical, sev2: error } }");
        assertThat(problems(SEVERITIES + "pagerduty: { severities: { sev1: critical } }\nsmtp: { host: h, port: 25, from: a@example.com }\n", Map.of()))
                .containsExactly("PAGERDUTY_ROUTING_KEY_PAYMENTS: not set; escalation pages pagerduty:payments, so set it to the "
                        + "32-character integration key of that PagerDuty service (Events API v2)");
    }

    @Test
    void checkConfigReportsIntegrationProblemsAndExitsTwo() throws Exception {
        // This test's process has no PAGERDUTY_ROUTING_KEY_PAYMENTS (nor STATUSPAGE_API_KEY) in its environment.
        Path file = dir.resolve("incident-bot.yaml");
        Files.writeString(file, GOOD);
        InProcessCommandLine.Result check = InProcessCommandLine.run("check-config", "--config", file.toString());
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.errText()).contains("incident-bot: invalid configuration:",
                "  PAGERDUTY_ROUTING_KEY_PAYMENTS: not set;", "  STATUSPAGE_API_KEY: not set;");
    }
}
