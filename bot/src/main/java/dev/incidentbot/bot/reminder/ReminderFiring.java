package dev.incidentbot.bot.reminder;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.platform.Durations;
import dev.incidentbot.bot.config.EscalationStep;
import dev.incidentbot.bot.config.SeverityLevel;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.incident.IncidentMessages;
import dev.incidentbot.bot.incident.IncidentService;
import dev.incidentbot.bot.incident.UnitOfWork;
import dev.incidentbot.bot.core.Milestone;
import dev.incidentbot.bot.outbox.Delivery;
import dev.incidentbot.bot.store.ReminderStateStore;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import dev.incidentbot.integration.IncidentSignal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happens when a reminder trigger fires. It re-reads the incident and acts only if the reminder is still due
 * (an update that arrived a millisecond earlier wins), through the same transaction and outbox path as a command.
 */
public final class ReminderFiring {
    /** A trigger may fire a little before the plan's instant (clock rounding); this much early still counts. */
    private static final Duration EARLY = Duration.ofMillis(500);

    private final IncidentService service;
    private final BotConfig config;
    private final ReminderPlan plan;

    public ReminderFiring(IncidentService service, BotConfig config) {
        this.service = service;
        this.config = config;
        this.plan = new ReminderPlan(config);
    }

    public void fire(long number, ReminderKind kind) {
        service.write(tx -> {
            Optional<Incident> found = tx.find(number);
            if (found.isEmpty()) {
                return null;
            }
            Incident i = found.get();
            ReminderStateStore.State s = tx.reminderStates().find(number);
            List<ReminderPlan.FollowUp> followUps = plan.followUps(i, tx.actionItems(number));
            Map<ReminderKind, Instant> due = plan.plan(i, s, followUps);
            Instant at = due.get(kind);
            tx.touched(i);
            if (at == null || at.isAfter(tx.now().plus(EARLY))) {
                return null;
            }
            if (kind == ReminderKind.ACKNOWLEDGE) {
                escalate(tx, i, s.ackStepsDone(), "not acknowledged within "
                        + Durations.format(config.severityByKey(i.severity()).acknowledgeWithin()),
                        service.messages().wording().on(i.platform(), "Take it with /incident ack or /incident commander"));
                tx.reminderStates().save(number, new ReminderStateStore.State(s.ackStepsDone() + 1, s.overdueStepsDone(),
                        s.lastReminderAt(), s.overdueBase(), s.followupsDone()));
            } else if (kind == ReminderKind.UPDATE) {
                remind(tx, i);
                // Overdue escalations count from the last update, not from each reminder: once per step, no spam.
                Instant base = plan.updateBase(i);
                int overdueDone = s.overdueBase().equals(base) ? s.overdueStepsDone() : 0;
                // Record the reminder as sent no earlier than it was due: a trigger run a little early (Quartz may
                // start one up to 2 ms ahead) must not leave this due time looking unreminded, or it fires again.
                Instant remindedAt = tx.now().isBefore(at) ? at : tx.now();
                tx.reminderStates().save(number, new ReminderStateStore.State(s.ackStepsDone(), overdueDone, remindedAt,
                        base, s.followupsDone()));
            } else if (kind == ReminderKind.OVERDUE) {
                Instant base = plan.updateBase(i);
                int done = s.overdueBase().equals(base) ? s.overdueStepsDone() : 0;
                escalate(tx, i, done, "no status update since " + IncidentMessages.time(base)
                        + "; one was due every " + Durations.format(config.severityByKey(i.severity()).updateEvery()),
                        service.messages().wording().on(i.platform(),
                                "Post one with /incident update <progress>, or take command with /incident commander"));
                tx.reminderStates().save(number, new ReminderStateStore.State(s.ackStepsDone(), done + 1, s.lastReminderAt(),
                        base, s.followupsDone()));
            } else {
                followUp(tx, i, followUps.get(s.followupsDone()));
                tx.reminderStates().save(number, new ReminderStateStore.State(s.ackStepsDone(), s.overdueStepsDone(),
                        s.lastReminderAt(), s.overdueBase(), s.followupsDone() + 1));
            }
            return null;
        });
    }

    /**
     * One escalation per person per step: the acknowledge and overdue escalations share the chain, and someone
     * already escalated to at this step (for either) since the last update or the acknowledgement is not escalated
     * to again. Those start a new count: missing the next update escalates from step 1 again.
     */
    private void escalate(UnitOfWork tx, Incident i, int stepIndex, String reason, String instruction) throws SQLException {
        List<EscalationStep> chain = plan.chain(i);
        EscalationStep step = chain.get(Math.min(stepIndex, chain.size() - 1));
        Instant acknowledged = i.milestone(Milestone.ACKNOWLEDGED).orElse(Instant.MIN);
        Instant base = plan.updateBase(i);
        Set<String> already = escalatedSince(tx, i, stepIndex + 1, acknowledged.isAfter(base) ? acknowledged : base);
        List<String> due = step.targets().stream().filter(t -> !already.contains(t)).toList();
        if (due.isEmpty()) {
            return;
        }
        List<String> chatDue = due.stream().filter(t -> !EscalationStep.isIntegrationTarget(t)).toList();
        List<String> outside = due.stream().filter(EscalationStep::isIntegrationTarget).toList();
        RichMessage message = service.messages().escalation(i, stepIndex + 1, mentions(chatDue), reason, instruction,
                tx.conversation(i.number()));
        if (!outside.isEmpty()) {
            message = message.withBlock(new Block.Paragraph(Text.plain((i.drill()
                    ? "Drill: would notify outside chat: " : "Notifying outside chat: ") + String.join(", ", outside))));
        }
        tx.post(i, message);
        if (!chatDue.isEmpty()) {
            tx.deliver(i, new Delivery.Invite(chatDue, service.messages().inviteReason(i,
                    "escalation step " + (stepIndex + 1) + ": " + reason)));
        }
        tx.event(i, IncidentService.BOT, new TimelineEvent.Escalated(stepIndex + 1, due, reason));
        RichMessage posted = message;
        tx.signal(i, f -> new IncidentSignal.EscalationStepReached(f, stepIndex + 1, due, reason, Optional.of(posted)));
    }

    private Set<String> escalatedSince(UnitOfWork tx, Incident i, int step, Instant since) throws SQLException {
        Set<String> out = new HashSet<>();
        tx.forEachEvent(i.number(), e -> {
            if (e.type().equals("escalated") && !e.at().isBefore(since)
                    && TimelineStore.decode(e) instanceof TimelineEvent.Escalated x
                    && x.step() == step) {
                out.addAll(x.notified());
            }
        });
        return out;
    }

    private void remind(UnitOfWork tx, Incident i) throws SQLException {
        List<String> who = new ArrayList<>();
        if (i.commander().isPresent()) {
            who.add(i.commander().get().id());
        } else {
            who.add(i.declaredBy().id());
            List<EscalationStep> chain = plan.chain(i);
            if (!chain.isEmpty()) {
                chain.get(0).chatTargets().stream().filter(t -> !who.contains(t)).forEach(who::add);
            }
        }
        List<Span.Mention> mentions = new ArrayList<>();
        for (String id : who) {
            mentions.add(mentionOf(i, id));
        }
        SeverityLevel sev = config.severityByKey(i.severity());
        tx.post(i, service.messages().reminder(i, mentions, plan.updateBase(i)));
        tx.event(i, IncidentService.BOT, new TimelineEvent.ReminderSent("update", who,
                "update due every " + Durations.format(sev.updateEvery())));
    }

    private void followUp(UnitOfWork tx, Incident i, ReminderPlan.FollowUp f) throws SQLException {
        List<String> who = new ArrayList<>();
        who.add(i.commander().map(Person::id).orElse(i.declaredBy().id()));
        Text line = Text.of(new Span.Plain("⏰ "), mentionOf(i, who.get(0)),
                new Span.Plain(": " + i.id() + " follow-up due now: " + f.what() + "."));
        tx.post(i, service.messages().notice(i, line));
        tx.event(i, IncidentService.BOT, new TimelineEvent.ReminderSent(f.what().startsWith("post-mortem") ? "postmortem" : "action_item",
                who, f.what() + " due " + IncidentMessages.time(f.at())));
    }

    private static Span.Mention mentionOf(Incident i, String id) {
        if (i.commander().isPresent() && i.commander().get().id().equals(id)) {
            return Span.Mention.of(i.commander().get());
        }
        if (i.declaredBy().id().equals(id)) {
            return Span.Mention.of(i.declaredBy());
        }
        return new Span.Mention(id, id.startsWith("@") ? id.substring(1) : id);
    }

    private static List<Span.Mention> mentions(List<String> targets) {
        List<Span.Mention> out = new ArrayList<>();
        for (String t : targets) {
            out.add(new Span.Mention(t, t.startsWith("@") ? t.substring(1) : t));
        }
        return out;
    }

}
