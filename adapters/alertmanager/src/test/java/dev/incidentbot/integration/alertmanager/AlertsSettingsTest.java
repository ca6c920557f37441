package dev.incidentbot.integration.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertsSettingsTest {
    private static final Set<String> SEVERITIES = new java.util.TreeSet<>(Set.of("sev1", "sev2", "sev3", "sev4"));
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theReadmeExampleIsValidAndReadsAsWritten() throws Exception {
        JsonNode section = json.readTree("""
                {"announce_in": {"platform": "slack", "conversation": "C0123ABCD"},
                 "rules": [{"match": {"severity": "critical"}, "declare": "sev1"},
                           {"match": {"severity": "warning", "team": "payments"}, "declare": "sev3"}]}""");
        assertThat(AlertsSettings.validate(section, SEVERITIES)).isEmpty();
        AlertsSettings s = AlertsSettings.parse(section, Map.of(AlertsSettings.TOKEN_VARIABLE, "tok"));
        assertThat(s.announceIn()).contains(new dev.incidentbot.integration.IncidentIntake.Place("slack", "C0123ABCD"));
        assertThat(s.rules()).containsExactly(new AlertRule(Map.of("severity", "critical"), "sev1"),
                new AlertRule(Map.of("severity", "warning", "team", "payments"), "sev3"));
        assertThat(s.webhookToken()).contains("tok");
        assertThat(AlertsSettings.parse(section, Map.of(AlertsSettings.TOKEN_VARIABLE, " ")).webhookToken()).isEmpty();
    }

    @Test
    void everyProblemIsOneLineSayingWhatToWrite() throws Exception {
        JsonNode section = json.readTree("""
                {"announce": 1, "announce_in": "C0123",
                 "rules": [{"match": {}, "declare": "sev9"}, {"match": {"a": {"b": 1}}}, 7, {"match": {"x": "y"}, "declare": "sev1", "then": 2}]}""");
        assertThat(AlertsSettings.validate(section, SEVERITIES)).containsExactly(
                "alerts.announce: unknown key (expected one of announce_in, rules)",
                "alerts.announce_in: write { platform: slack, conversation: C0123ABCD }",
                "alerts.rules[0].match: list the labels that must match, e.g. { severity: critical }",
                "alerts.rules[0].declare: unknown severity \"sev9\" (one of sev1, sev2, sev3, sev4)",
                "alerts.rules[1].match.a: must be a single value",
                "alerts.rules[1].declare: name the severity to declare, one of sev1, sev2, sev3, sev4",
                "alerts.rules[2]: must be a map with match and declare",
                "alerts.rules[3].then: unknown key (expected match, declare)");
        assertThat(AlertsSettings.validate(json.readTree("{}"), SEVERITIES))
                .containsExactly("alerts.rules: list at least one rule, e.g. - match: { severity: critical }  declare: sev1");
    }
}
