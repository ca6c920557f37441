package dev.incidentbot.integration.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GroupPlannerTest {
    private final GroupPlanner planner = new GroupPlanner(new AlertsSettings(Optional.empty(), List.of(
            new AlertRule(Map.of("severity", "critical"), "sev1"),
            new AlertRule(Map.of("severity", "warning", "team", "payments"), "sev3")), Optional.of("t")));

    @Test
    void aMatchingFiringGroupDeclaresAtTheFirstMatchingRulesSeverity() {
        GroupAction action = planner.plan(group(alert("a", "firing", Map.of("severity", "critical"))), false, k -> false);
        assertThat(action).isInstanceOfSatisfying(GroupAction.Declare.class, d -> {
            assertThat(d.severity()).isEqualTo("sev1");
            assertThat(d.title()).isEqualTo("Latency of a above 2s");
            assertThat(d.firing()).hasSize(1);
        });
    }

    @Test
    void everyListedLabelMustMatch() {
        assertThat(planner.plan(group(alert("a", "firing", Map.of("severity", "warning", "team", "search"))), false, k -> false))
                .isInstanceOf(GroupAction.Ignore.class);
        assertThat(planner.plan(group(alert("a", "firing", Map.of("severity", "warning", "team", "payments"))), false, k -> false))
                .isInstanceOfSatisfying(GroupAction.Declare.class, d -> assertThat(d.severity()).isEqualTo("sev3"));
    }

    @Test
    void aResolvedOnlyGroupWithoutAnIncidentDeclaresNothing() {
        assertThat(planner.plan(group(alert("a", "resolved", Map.of("severity", "critical"))), false, k -> false))
                .isInstanceOf(GroupAction.Ignore.class);
    }

    @Test
    void anOpenIncidentGetsOnlyWhatItsTimelineDoesNotHoldYet() {
        Alert old = alert("a", "firing", Map.of("severity", "critical"));
        Alert fresh = alert("b", "firing", Map.of("severity", "critical"));
        Alert gone = alert("c", "resolved", Map.of("severity", "critical"));
        Set<String> noted = Set.of(old.stateKey());
        assertThat(planner.plan(group(old, fresh, gone), true, noted::contains))
                .isInstanceOfSatisfying(GroupAction.Append.class, a -> {
                    assertThat(a.newlyFiring()).containsExactly(fresh);
                    assertThat(a.newlyResolved()).containsExactly(gone);
                });
        assertThat(planner.plan(group(old), true, noted::contains)).isInstanceOf(GroupAction.Ignore.class);
    }

    @Test
    void withoutASummaryTheTitleIsTheAlertNameAndLabels() {
        Alert bare = new Alert(AlertStatus.FIRING, new TreeMap<>(Map.of("alertname", "DiskFull", "host", "db1")),
                new TreeMap<>(), Instant.EPOCH, Optional.empty(), Optional.empty(), "f");
        assertThat(AlertText.title(group(bare))).isEqualTo("DiskFull {host=db1}");
    }

    @Test
    void aStormEntryListsABoundedNumberOfAlerts() {
        List<Alert> many = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> alert("s" + i, "firing", Map.of("severity", "critical"))).toList();
        String entry = AlertText.entry("Alertmanager: 200 alerts firing", many);
        assertThat(entry.lines()).hasSize(1 + AlertText.MAX_ALERTS_PER_ENTRY + 1);
        assertThat(entry).endsWith("… and 180 more (see Alertmanager for the full list)");
        assertThat(entry).contains("• firing HighLatency {service=s0, severity=critical} | summary: Latency of s0 above 2s | source: http://prom/s0");
    }

    static Alert alert(String service, String status, Map<String, String> labels) {
        TreeMap<String, String> all = new TreeMap<>(labels);
        all.put("alertname", "HighLatency");
        all.put("service", service);
        return new Alert(AlertStatus.parse(status).orElseThrow(), all, new TreeMap<>(Map.of("summary", "Latency of " + service + " above 2s")),
                Instant.parse("2026-12-02T04:00:00Z"), Optional.empty(), Optional.of("http://prom/" + service), "fp-" + service);
    }

    static AlertNotification group(Alert... alerts) {
        return new AlertNotification("{}:{alertname=\"HighLatency\"}", AlertStatus.FIRING, "bot",
                new TreeMap<>(Map.of("alertname", "HighLatency")), new TreeMap<>(), new TreeMap<>(), Optional.empty(),
                List.of(alerts), 0);
    }
}
