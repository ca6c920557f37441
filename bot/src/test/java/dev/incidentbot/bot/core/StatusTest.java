package dev.incidentbot.bot.core;

import static dev.incidentbot.bot.core.Status.ACKNOWLEDGED;
import static dev.incidentbot.bot.core.Status.DECLARED;
import static dev.incidentbot.bot.core.Status.IDENTIFIED;
import static dev.incidentbot.bot.core.Status.INVESTIGATING;
import static dev.incidentbot.bot.core.Status.MITIGATED;
import static dev.incidentbot.bot.core.Status.MONITORING;
import static dev.incidentbot.bot.core.Status.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusTest {

    @Test
    void theTransitionTable() {
        Map<Status, Set<Status>> table = new EnumMap<>(Status.class);
        table.put(DECLARED, Set.of(ACKNOWLEDGED, INVESTIGATING, IDENTIFIED, MONITORING, MITIGATED, RESOLVED));
        table.put(ACKNOWLEDGED, Set.of(INVESTIGATING, IDENTIFIED, MONITORING, MITIGATED, RESOLVED));
        table.put(INVESTIGATING, Set.of(IDENTIFIED, MONITORING, MITIGATED, RESOLVED));
        table.put(IDENTIFIED, Set.of(INVESTIGATING, MONITORING, MITIGATED, RESOLVED));
        table.put(MONITORING, Set.of(INVESTIGATING, IDENTIFIED, MITIGATED, RESOLVED));
        table.put(MITIGATED, Set.of(INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED));
        table.put(RESOLVED, Set.of());
        for (Status from : Status.values()) {
            assertThat(from.successors()).as("after %s", from).isEqualTo(table.get(from));
            for (Status to : Status.values()) {
                assertThat(from.mayBecome(to)).as("%s -> %s", from, to).isEqualTo(table.get(from).contains(to));
            }
        }
    }

    @Test
    void nothingGoesBackToDeclaredOrAcknowledgedAndResolvedIsFinal() {
        for (Status from : Status.values()) {
            assertThat(from.mayBecome(DECLARED)).isFalse();
            assertThat(from.mayBecome(from)).isFalse();
        }
        assertThat(RESOLVED.successors()).isEmpty();
        assertThat(RESOLVED.isOpen()).isFalse();
    }

    @Test
    void anUpdateWithoutAStatusMeansWorkIsUnderWay() {
        assertThat(DECLARED.onUpdate(Optional.empty())).isEqualTo(INVESTIGATING);
        assertThat(ACKNOWLEDGED.onUpdate(Optional.empty())).isEqualTo(INVESTIGATING);
        assertThat(MONITORING.onUpdate(Optional.empty())).isEqualTo(MONITORING);
        assertThat(DECLARED.onUpdate(Optional.of(MITIGATED))).isEqualTo(MITIGATED);
        assertThat(IDENTIFIED.onUpdate(Optional.of(INVESTIGATING))).isEqualTo(INVESTIGATING);
    }

    @Test
    void takingAnIncidentOnAcknowledgesOnlyADeclaredOne() {
        assertThat(DECLARED.onAcknowledge()).isEqualTo(ACKNOWLEDGED);
        assertThat(ACKNOWLEDGED.onAcknowledge()).isEqualTo(ACKNOWLEDGED);
        assertThat(MITIGATED.onAcknowledge()).isEqualTo(MITIGATED);
    }

    @Test
    void onlyTheWorkingStatusesAreSettable() {
        assertThat(Status.settable("Mitigated")).contains(MITIGATED);
        assertThat(Status.settable("resolved")).isEmpty();
        assertThat(Status.settable("acknowledged")).isEmpty();
    }
}
