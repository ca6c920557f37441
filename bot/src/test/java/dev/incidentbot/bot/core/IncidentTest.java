package dev.incidentbot.bot.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The incident core without a database: each command's new state, its events, and its state rules. */
class IncidentTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);
    private static final Person ALICE = Person.of("alice");
    private static final Person BOB = Person.of("bob");

    private static Incident declared() {
        Transition t = Incident.declare(7, "memory", "checkout down", "sev2", false, ALICE,
                new ConversationRef("#general", "general"), "inc-7-checkout-down", T0);
        return t.after();
    }

    private static IncidentEvent.UpdatePosted report(String status, String impact) {
        return new IncidentEvent.UpdatePosted("rolled back", status, impact, "", "");
    }

    @Test
    void aDeclarationIsANewIncidentAndItsDeclaredEvent() {
        Transition t = Incident.declare(7, "memory", "checkout down", "sev2", true, ALICE,
                new ConversationRef("#general", "general"), "inc-7", T0);
        assertThat(t.after().status()).isEqualTo(Status.DECLARED);
        assertThat(t.after().drill()).isTrue();
        assertThat(t.after().milestones()).isEmpty();
        assertThat(t.after().declaredAt()).isEqualTo(T0);
        assertThat(t.by()).isEqualTo(ALICE);
        assertThat(t.events()).containsExactly(new IncidentEvent.Declared("checkout down", "sev2", true, "", "inc-7"));
    }

    @Test
    void acknowledgingOnceReachesTheMilestoneAndTwiceChangesNothing() {
        Transition first = declared().acknowledge(BOB, T1);
        assertThat(first.after().status()).isEqualTo(Status.ACKNOWLEDGED);
        assertThat(first.after().milestone(Milestone.ACKNOWLEDGED)).contains(T1);
        assertThat(first.events()).containsExactly(new IncidentEvent.Acknowledged());

        Transition again = first.after().acknowledge(ALICE, T2);
        assertThat(again.changed()).isFalse();
        assertThat(again.events()).isEmpty();
        assertThat(again.unchanged()).contains("INC-7 is already acknowledged.");
        assertThat(again.after()).isEqualTo(first.after());
    }

    @Test
    void takingCommandAcknowledgesAndAHandOverNamesThePrevious() {
        Transition taken = declared().assignCommander(BOB, BOB, T1);
        assertThat(taken.after().commander()).contains(BOB);
        assertThat(taken.after().status()).isEqualTo(Status.ACKNOWLEDGED);
        assertThat(taken.events()).containsExactly(new IncidentEvent.Acknowledged(),
                new IncidentEvent.CommanderAssigned(BOB, Optional.empty()));

        Transition handedOver = taken.after().assignCommander(ALICE, BOB, T2);
        assertThat(handedOver.events()).containsExactly(new IncidentEvent.CommanderAssigned(ALICE, Optional.of(BOB)));
        assertThat(handedOver.after().milestone(Milestone.ACKNOWLEDGED)).contains(T1);

        Transition same = handedOver.after().assignCommander(ALICE, ALICE, T2);
        assertThat(same.unchanged()).contains("alice is already commander of INC-7.");
    }

    @Test
    void aRoleChangesNothingElse() {
        Transition t = declared().assignRole("scribe", BOB, ALICE);
        assertThat(t.after().roles()).containsEntry("scribe", BOB);
        assertThat(t.after().status()).isEqualTo(Status.DECLARED);
        assertThat(t.after().isAcknowledged()).isFalse();
        assertThat(t.events()).containsExactly(new IncidentEvent.RoleAssigned("scribe", BOB));
    }

    @Test
    void anUpdateWithoutAStatusAcknowledgesAndStartsTheInvestigation() {
        Transition t = declared().applyUpdate(Optional.empty(), report("", "checkout slow"), BOB, T1);
        assertThat(t.after().status()).isEqualTo(Status.INVESTIGATING);
        assertThat(t.after().impact()).isEqualTo("checkout slow");
        assertThat(t.after().milestone(Milestone.LAST_UPDATE)).contains(T1);
        assertThat(t.after().milestone(Milestone.ACKNOWLEDGED)).contains(T1);
        assertThat(t.events()).containsExactly(new IncidentEvent.Acknowledged(),
                new IncidentEvent.StatusChanged(Status.DECLARED, Status.INVESTIGATING), report("", "checkout slow"));
    }

    @Test
    void anUpdateKeepsTheImpactWhenItNamesNoneAndMitigatedIsAMilestone() {
        Incident investigating = declared().applyUpdate(Optional.empty(), report("", "slow"), BOB, T1).after();
        Transition t = investigating.applyUpdate(Optional.of(Status.MITIGATED), report("mitigated", ""), BOB, T2);
        assertThat(t.after().impact()).isEqualTo("slow");
        assertThat(t.after().status()).isEqualTo(Status.MITIGATED);
        assertThat(t.after().milestone(Milestone.MITIGATED)).contains(T2);
        assertThat(t.after().milestone(Milestone.ACKNOWLEDGED)).contains(T1);
        assertThat(t.events()).containsExactly(new IncidentEvent.StatusChanged(Status.INVESTIGATING, Status.MITIGATED),
                report("mitigated", ""));

        Transition same = t.after().applyUpdate(Optional.empty(), report("degraded but serving", ""), BOB, T2);
        assertThat(same.after().status()).isEqualTo(Status.MITIGATED);
        assertThat(same.events()).containsExactly(report("degraded but serving", ""));
    }

    @Test
    void severityChangesAndTheSameSeverityIsNoChange() {
        Transition t = declared().changeSeverity("sev1", BOB);
        assertThat(t.after().severity()).isEqualTo("sev1");
        assertThat(t.events()).containsExactly(new IncidentEvent.SeverityChanged("sev2", "sev1"));
        assertThat(t.after().changeSeverity("sev1", BOB).unchanged()).contains("INC-7 is already SEV1.");
    }

    @Test
    void settingAStatusAcknowledges() {
        Transition t = declared().changeStatus(Status.IDENTIFIED, BOB, T1);
        assertThat(t.after().status()).isEqualTo(Status.IDENTIFIED);
        assertThat(t.after().milestone(Milestone.ACKNOWLEDGED)).contains(T1);
        assertThat(t.after().milestone(Milestone.MITIGATED)).isEmpty();
        assertThat(t.events()).containsExactly(new IncidentEvent.Acknowledged(),
                new IncidentEvent.StatusChanged(Status.DECLARED, Status.IDENTIFIED));

        Transition mitigated = t.after().changeStatus(Status.MITIGATED, BOB, T2);
        assertThat(mitigated.after().milestone(Milestone.MITIGATED)).contains(T2);
        assertThat(mitigated.events()).containsExactly(new IncidentEvent.StatusChanged(Status.IDENTIFIED, Status.MITIGATED));
        assertThat(mitigated.after().changeStatus(Status.MITIGATED, BOB, T2).unchanged())
                .contains("INC-7 is already mitigated.");
    }

    @Test
    void resolvingFillsTheMissingMilestonesAndIsFinal() {
        Incident i = declared().acknowledge(BOB, T1).after();
        Transition t = i.resolve("rolled back", "bad deploy", "add a canary", BOB, T2);
        Incident resolved = t.after();
        assertThat(resolved.status()).isEqualTo(Status.RESOLVED);
        assertThat(resolved.isOpen()).isFalse();
        assertThat(resolved.milestone(Milestone.ACKNOWLEDGED)).contains(T1);
        assertThat(resolved.milestone(Milestone.MITIGATED)).contains(T2);
        assertThat(resolved.milestone(Milestone.RESOLVED)).contains(T2);
        assertThat(t.events()).containsExactly(new IncidentEvent.Resolved("rolled back", "bad deploy", "add a canary"));

        String rule = "INC-7 is resolved. Notes, action items, the timeline and export still work; declare a new incident if it is back.";
        assertThatThrownBy(() -> resolved.acknowledge(BOB, T2)).isInstanceOf(Rejected.class).hasMessage(rule);
        assertThatThrownBy(() -> resolved.applyUpdate(Optional.empty(), report("", ""), BOB, T2)).hasMessage(rule);
        assertThatThrownBy(() -> resolved.changeStatus(Status.INVESTIGATING, BOB, T2)).hasMessage(rule);
        assertThatThrownBy(() -> resolved.changeSeverity("sev1", BOB)).hasMessage(rule);
        assertThatThrownBy(() -> resolved.assignCommander(BOB, BOB, T2)).hasMessage(rule);
        assertThatThrownBy(() -> resolved.assignRole("scribe", BOB, BOB)).hasMessage(rule);
        assertThatThrownBy(() -> resolved.resolve("again", "", "", BOB, T2)).hasMessage(rule);
        assertThatThrownBy(resolved::requireOpen).hasMessage(rule);
    }
}
