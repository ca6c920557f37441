package dev.incidentbot.bot.reminder;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.DueTimes;
import dev.incidentbot.bot.config.EscalationStep;
import dev.incidentbot.bot.config.SeverityLevel;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Milestone;
import dev.incidentbot.bot.store.ReminderStateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When each reminder of an incident is next due, computed from the incident and its reminder state alone. Both the
 * scheduler (to set triggers) and the firing job (to tell a current trigger from a stale one) use it.
 */
public final class ReminderPlan {
    private final BotConfig config;
    private final DueTimes due;

    public ReminderPlan(BotConfig config) {
        this.config = config;
        this.due = new DueTimes(config);
    }

    /** A follow-up after resolution: the post-mortem, or an action item with a due date. */
    public record FollowUp(Instant at, String what) { }

    public Map<ReminderKind, Instant> plan(Incident i, ReminderStateStore.State s, List<FollowUp> followUps) {
        Map<ReminderKind, Instant> out = new EnumMap<>(ReminderKind.class);
        if (!i.isOpen()) {
            if (s.followupsDone() < followUps.size()) {
                out.put(ReminderKind.FOLLOW_UP, followUps.get(s.followupsDone()).at());
            }
            return out;
        }
        SeverityLevel sev = config.severityByKey(i.severity());
        List<EscalationStep> chain = chain(i);
        if (!i.isAcknowledged() && s.ackStepsDone() < chain.size()) {
            Instant deadline = due.acknowledgeBy(sev, i.declaredAt());
            Instant step = due.after(sev, i.declaredAt(), chain.get(s.ackStepsDone()).after());
            out.put(ReminderKind.ACKNOWLEDGE, step.isAfter(deadline) ? step : deadline);
        }
        Instant base = updateBase(i);
        Instant firstDue = due.nextUpdate(sev, base);
        boolean remindedThisPeriod = !s.lastReminderAt().isBefore(firstDue);
        out.put(ReminderKind.UPDATE, remindedThisPeriod ? due.nextUpdate(sev, s.lastReminderAt()) : firstDue);
        int overdueDone = s.overdueBase().equals(base) ? s.overdueStepsDone() : 0;
        if (remindedThisPeriod && overdueDone < chain.size()) {
            Instant at = firstDue;
            for (int k = 0; k <= overdueDone; k++) {
                at = due.after(sev, at, sev.updateGrace());
            }
            out.put(ReminderKind.OVERDUE, at);
        }
        return out;
    }

    /** The escalation chain; a drill escalates only to its declarer, once. */
    public List<EscalationStep> chain(Incident i) {
        if (i.drill()) {
            return List.of(new EscalationStep(java.time.Duration.ZERO, List.of(i.declaredBy().id())));
        }
        return config.severityByKey(i.severity()).escalation();
    }

    public Instant updateBase(Incident i) {
        return i.milestone(Milestone.LAST_UPDATE).orElse(i.declaredAt());
    }

    /**
     * The post-mortem due {@code postmortem_due} business days after resolution, then dated action items, in time order.
     * {@code followups_done} counts a prefix of this list, so an item recorded later must never sort before one already
     * reminded: an item is due no earlier than it was recorded (one added with a past date is due at once).
     */
    public List<FollowUp> followUps(Incident i, List<dev.incidentbot.bot.store.IncidentStore.ActionItem> items) {
        List<FollowUp> out = new ArrayList<>();
        Optional<Instant> resolved = i.milestone(Milestone.RESOLVED);
        if (resolved.isEmpty()) {
            return out;
        }
        out.add(new FollowUp(due.postmortemBy(resolved.get()), "post-mortem"));
        for (var item : items) {
            if (!item.due().isEmpty()) {
                Instant dueDate = java.time.LocalDate.parse(item.due()).atTime(config.businessHours().start())
                        .atZone(config.businessHours().zone()).toInstant();
                Instant at = dueDate.isBefore(item.createdAt()) ? item.createdAt() : dueDate;
                out.add(new FollowUp(at, "action item " + item.n() + ": " + dev.incidentbot.bot.template.TypedText.plain(item.text())
                        + (item.owner().isEmpty() ? "" : " (owner " + item.owner() + ")")));
            }
        }
        out.sort(java.util.Comparator.comparing(FollowUp::at));
        return out;
    }
}
