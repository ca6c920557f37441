package dev.incidentbot.bot.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** check-config and start-up find the alerts: and tickets: sections through the installed integrations. */
class AlertsAndTicketsConfigCheckTest {
    private static final String SEVERITIES = """
            severities:
              sev1:
                name: Critical
                acknowledge_within: 5m
                update_every: 15m
            """;

    @Test
    void theReadmeSectionsAreAcceptedWithTheirEnvironment() {
        BotConfig config = ConfigLoader.parse(SEVERITIES + """
                alerts:
                  announce_in: { platform: slack, conversation: C0123ABCD }
                  rules:
                    - match: { severity: critical }
                      declare: sev1
                tickets:
                  github:
                    repo: acme/incidents
                    people: { alice: alice-gh }
                """);
        assertThat(IntegrationCatalog.installed().active(config)).extracting(p -> p.name())
                .contains("alertmanager", "github");
        assertThat(IntegrationCatalog.installed().validate(config, Map.of("GITHUB_TOKEN", "ghp_x"))).isEmpty();
    }

    @Test
    void mistakesAreNamedOneLineEachWithWhatToWrite() {
        BotConfig config = ConfigLoader.parse(SEVERITIES + """
                alerts:
                  rules:
                    - match: { severity: critical }
                      declare: sev9
                tickets:
                  github: { repo: incidents }
                """);
        assertThat(IntegrationCatalog.installed().validate(config, Map.of())).containsExactly(
                "alerts.rules[0].declare: unknown severity \"sev9\" (one of sev1)",
                "tickets.github.repo: write the repository as owner/name, e.g. acme/incidents",
                "tickets.github: set the environment variable GITHUB_TOKEN to a token that may create issues in the repository");
    }
}
