package dev.incidentbot.bot.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.DueTimes;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Milestone;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.ReminderStateStore;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Person;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When reminders fall due, with fixed instants: 2030-01-04 is a Friday; business hours Mon-Fri 09:00-17:00 UTC. */
class ReminderPlanTest {
    static final String CONFIG = """
            severities:
              sev1:
                name: sev1
                acknowledge_within: 5m
                update_every: 15m
                escalation:
                  - after: 0m
                    notify: ["@oncall-primary"]
                  - after: 15m
                    notify: ["@eng-lead"]
              sev3:
                name: sev3
                acknowledge_within: 1h
                update_every: 4h
                business_hours_only: true
                escalation:
                  - after: 0m
                    notify: ["@oncall-primary"]
                  - after: 8h
                    notify: ["@eng-lead"]
              sev4:
                name: sev4
                acknowledge_within: 1d
                update_every: 1d
                business_hours_only: true
                escalation:
                  - after: 0m
                    notify: ["@oncall-primary"]
            business_hours:
              days: [mon, tue, wed, thu, fri]
              start: "09:00"
              end: "17:00"
              time_zone: UTC
            postmortem_due: 3d
            """;
    private final BotConfig config = ConfigLoader.parse(CONFIG);
    private final ReminderPlan plan = new ReminderPlan(config);
    private final DueTimes due = new DueTimes(config);

    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZoneId.of("UTC")).toInstant();
    }

    static Incident incident(String severity, Instant declared, boolean drill, Map<Milestone, Instant> milestones,
                             Status status) {
        return new Incident(1, "memory", "checkout down", severity, status, drill, "", Person.of("dana"),
                new ConversationRef("#general", "general"), "inc-1", declared, Map.of(), milestones);
    }

    static Incident declared(String severity, Instant declared) {
        return incident(severity, declared, false, Map.of(), Status.DECLARED);
    }

    private Map<ReminderKind, Instant> planOf(Incident i, ReminderStateStore.State s) {
        return plan.plan(i, s, plan.followUps(i, List.of()));
    }

    @Test
    void wallTimeSeveritiesIgnoreBusinessHours() {
        Instant friday = at("2030-01-04T16:30");
        assertThat(due.acknowledgeBy(config.severityByKey("sev1"), friday)).isEqualTo(at("2030-01-04T16:35"));
        assertThat(due.nextUpdate(config.severityByKey("sev1"), friday)).isEqualTo(at("2030-01-04T16:45"));
        Instant saturday = at("2030-01-05T03:00");
        assertThat(due.acknowledgeBy(config.severityByKey("sev1"), saturday)).isEqualTo(at("2030-01-05T03:05"));
    }

    @Test
    void businessHourSeveritiesCountBusinessTime() {
        Instant friday = at("2030-01-04T16:30");
        assertThat(due.acknowledgeBy(config.severityByKey("sev3"), friday)).isEqualTo(at("2030-01-07T09:30"));
        assertThat(due.nextUpdate(config.severityByKey("sev3"), friday)).isEqualTo(at("2030-01-07T12:30"));
        assertThat(due.acknowledgeBy(config.severityByKey("sev4"), friday)).isEqualTo(at("2030-01-07T16:30"));
        assertThat(due.nextUpdate(config.severityByKey("sev4"), at("2030-01-05T10:00"))).isEqualTo(at("2030-01-08T09:00"));
    }

    @Test
    void aSev3DeclaredOnFridayAfternoonFallsDueOnMonday() {
        Map<ReminderKind, Instant> p = planOf(declared("sev3", at("2030-01-04T16:30")), ReminderStateStore.State.NONE);
        assertThat(p).containsOnlyKeys(ReminderKind.ACKNOWLEDGE, ReminderKind.UPDATE);
        assertThat(p.get(ReminderKind.ACKNOWLEDGE)).isEqualTo(at("2030-01-07T09:30"));
        assertThat(p.get(ReminderKind.UPDATE)).isEqualTo(at("2030-01-07T12:30"));
    }

    @Test
    void aSev3DeclaredAtTheWeekendCountsFromMondayMorning() {
        Map<ReminderKind, Instant> p = planOf(declared("sev3", at("2030-01-05T22:00")), ReminderStateStore.State.NONE);
        assertThat(p.get(ReminderKind.ACKNOWLEDGE)).isEqualTo(at("2030-01-07T10:00"));
        assertThat(p.get(ReminderKind.UPDATE)).isEqualTo(at("2030-01-07T13:00"));
    }

    @Test
    void laterEscalationStepsFollowTheirOffsetsInBusinessTime() {
        ReminderStateStore.State oneStepDone = new ReminderStateStore.State(1, 0, Instant.EPOCH, Instant.EPOCH, 0);
        // Step 2 is 8 business hours after the declare: 30 minutes on Friday, 7.5 hours on Monday.
        assertThat(planOf(declared("sev3", at("2030-01-04T16:30")), oneStepDone).get(ReminderKind.ACKNOWLEDGE))
                .isEqualTo(at("2030-01-07T16:30"));
        ReminderStateStore.State chainDone = new ReminderStateStore.State(2, 0, Instant.EPOCH, Instant.EPOCH, 0);
        assertThat(planOf(declared("sev3", at("2030-01-04T16:30")), chainDone)).doesNotContainKey(ReminderKind.ACKNOWLEDGE);
        // Wall time for sev1: step 2 at declare + 15m, later than the 5m deadline.
        assertThat(planOf(declared("sev1", at("2030-01-05T03:00")), oneStepDone).get(ReminderKind.ACKNOWLEDGE))
                .isEqualTo(at("2030-01-05T03:15"));
    }

    @Test
    void anAcknowledgedIncidentHasNoAcknowledgeDeadline() {
        Map<Milestone, Instant> m = new EnumMap<>(Milestone.class);
        m.put(Milestone.ACKNOWLEDGED, at("2030-01-04T16:31"));
        Map<ReminderKind, Instant> p = planOf(incident("sev3", at("2030-01-04T16:30"), false, m, Status.ACKNOWLEDGED),
                ReminderStateStore.State.NONE);
        assertThat(p).containsOnlyKeys(ReminderKind.UPDATE);
    }

    @Test
    void anUpdateMovesTheNextReminderAndTheOverdueCount() {
        Map<Milestone, Instant> m = new EnumMap<>(Milestone.class);
        m.put(Milestone.ACKNOWLEDGED, at("2030-01-07T10:00"));
        m.put(Milestone.LAST_UPDATE, at("2030-01-07T15:00"));
        Incident i = incident("sev3", at("2030-01-04T16:30"), false, m, Status.INVESTIGATING);
        // 4 business hours after Monday 15:00: two on Monday, two on Tuesday.
        assertThat(planOf(i, ReminderStateStore.State.NONE).get(ReminderKind.UPDATE)).isEqualTo(at("2030-01-08T11:00"));
        // A reminder and one overdue step counted from the declare do not carry over to the new update.
        ReminderStateStore.State old = new ReminderStateStore.State(0, 1, at("2030-01-07T12:30"), at("2030-01-04T16:30"), 0);
        Map<ReminderKind, Instant> p = planOf(i, old);
        assertThat(p.get(ReminderKind.UPDATE)).isEqualTo(at("2030-01-08T11:00"));
        assertThat(p).doesNotContainKey(ReminderKind.OVERDUE);
    }

    @Test
    void overdueStepsFollowTheReminderOneGraceApartAndStopAtTheEndOfTheChain() {
        Instant declaredAt = at("2030-01-04T16:30");
        Incident i = declared("sev3", declaredAt);
        Instant firstDue = at("2030-01-07T12:30");
        // Default grace: a third of 4h = 80 business minutes.
        ReminderStateStore.State reminded = new ReminderStateStore.State(2, 0, firstDue, declaredAt, 0);
        Map<ReminderKind, Instant> p = planOf(i, reminded);
        assertThat(p.get(ReminderKind.OVERDUE)).isEqualTo(at("2030-01-07T13:50"));
        assertThat(p.get(ReminderKind.UPDATE)).isEqualTo(at("2030-01-07T16:30"));
        ReminderStateStore.State oneOverdue = new ReminderStateStore.State(2, 1, firstDue, declaredAt, 0);
        assertThat(planOf(i, oneOverdue).get(ReminderKind.OVERDUE)).isEqualTo(at("2030-01-07T15:10"));
        ReminderStateStore.State allOverdue = new ReminderStateStore.State(2, 2, firstDue, declaredAt, 0);
        assertThat(planOf(i, allOverdue)).doesNotContainKey(ReminderKind.OVERDUE);
        // Before the first reminder went out, nothing is overdue yet.
        assertThat(planOf(i, ReminderStateStore.State.NONE)).doesNotContainKey(ReminderKind.OVERDUE);
    }

    @Test
    void aDrillEscalatesOnlyToItsDeclarerOnce() {
        Incident drill = incident("sev1", at("2030-01-05T03:00"), true, Map.of(), Status.DECLARED);
        assertThat(plan.chain(drill)).hasSize(1);
        assertThat(plan.chain(drill).get(0).targets()).containsExactly("dana");
        assertThat(planOf(drill, ReminderStateStore.State.NONE).get(ReminderKind.ACKNOWLEDGE)).isEqualTo(at("2030-01-05T03:05"));
        assertThat(planOf(drill, new ReminderStateStore.State(1, 0, Instant.EPOCH, Instant.EPOCH, 0)))
                .doesNotContainKey(ReminderKind.ACKNOWLEDGE);
    }

    @Test
    void aResolvedIncidentOnlyHasItsFollowUpsInTimeOrder() {
        Map<Milestone, Instant> m = new EnumMap<>(Milestone.class);
        m.put(Milestone.ACKNOWLEDGED, at("2030-01-09T10:00"));
        m.put(Milestone.RESOLVED, at("2030-01-09T10:00"));
        Incident i = incident("sev1", at("2030-01-09T09:00"), false, m, Status.RESOLVED);
        List<ReminderPlan.FollowUp> followUps = plan.followUps(i, List.of(
                new IncidentStore.ActionItem(1, "add an alert", "", "2030-02-01"),
                new IncidentStore.ActionItem(2, "no date", "", ""),
                new IncidentStore.ActionItem(3, "rotate keys", "bob", "2030-01-10")));
        // Post-mortem 3 business days after Wednesday 10:00 is Monday 10:00; action items at the day's opening.
        assertThat(followUps).extracting(ReminderPlan.FollowUp::at)
                .containsExactly(at("2030-01-10T09:00"), at("2030-01-14T10:00"), at("2030-02-01T09:00"));
        assertThat(followUps.get(0).what()).contains("rotate keys").contains("bob");
        assertThat(followUps.get(1).what()).isEqualTo("post-mortem");
        assertThat(plan.plan(i, ReminderStateStore.State.NONE, followUps))
                .containsExactly(Map.entry(ReminderKind.FOLLOW_UP, at("2030-01-10T09:00")));
        assertThat(plan.plan(i, new ReminderStateStore.State(0, 0, Instant.EPOCH, Instant.EPOCH, 2), followUps))
                .containsExactly(Map.entry(ReminderKind.FOLLOW_UP, at("2030-02-01T09:00")));
        assertThat(plan.plan(i, new ReminderStateStore.State(0, 0, Instant.EPOCH, Instant.EPOCH, 3), followUps)).isEmpty();
    }

    @Test
    void anActionItemRecordedLateIsDueWhenRecordedAfterEverythingAlreadyReminded() {
        Map<Milestone, Instant> m = new EnumMap<>(Milestone.class);
        m.put(Milestone.ACKNOWLEDGED, at("2030-01-09T10:00"));
        m.put(Milestone.RESOLVED, at("2030-01-09T10:00"));
        Incident i = incident("sev1", at("2030-01-09T09:00"), false, m, Status.RESOLVED);
        // Recorded on Monday 11:00, after the post-mortem reminder (Monday 10:00), with that morning as its due date.
        List<ReminderPlan.FollowUp> followUps = plan.followUps(i, List.of(
                new IncidentStore.ActionItem(1, "rotate the key", "", "2030-01-14", at("2030-01-14T11:00"))));
        assertThat(followUps).extracting(ReminderPlan.FollowUp::what).containsExactly("post-mortem", "action item 1: rotate the key");
        assertThat(followUps.get(1).at()).isEqualTo(at("2030-01-14T11:00"));
        assertThat(plan.plan(i, new ReminderStateStore.State(0, 0, Instant.EPOCH, Instant.EPOCH, 1), followUps))
                .containsExactly(Map.entry(ReminderKind.FOLLOW_UP, at("2030-01-14T11:00")));
    }
}
