package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.SeverityLevel;
import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.IncidentEvent;
import dev.incidentbot.bot.core.Rejected;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.core.Transition;
import dev.incidentbot.bot.outbox.Delivery;
import dev.incidentbot.bot.template.TypedText;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import dev.incidentbot.integration.IncidentSignal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How it is going: {@code update}, {@code status}, {@code severity} and the customer update. */
final class ProgressHandler {
    private final BotConfig config;
    private final IncidentMessages messages;

    ProgressHandler(BotConfig config, IncidentMessages messages) {
        this.config = config;
        this.messages = messages;
    }

    Ack update(UnitOfWork tx, Caller caller, Incident i, Command.Update u) throws SQLException {
        Optional<Status> written = u.status();
        // The event's status field holds what the author wrote: an incident status or the service's own status.
        String writtenStatus = u.status().map(Status::word).orElse(u.serviceStatus());
        Transition t = i.applyUpdate(written, new IncidentEvent.UpdatePosted(u.progress(), writtenStatus, u.impact(),
                u.next(), u.eta()), caller.person(), tx.now());
        Incident after = t.after();
        tx.apply(t);
        RichMessage posted = messages.update(after, caller.person(),
                new IncidentMessages.UpdateParts(tx.now(), u.progress(), u.serviceStatus(), u.impact(), u.next(), u.eta()));
        tx.post(after, posted);
        tx.signal(after, f -> new IncidentSignal.UpdatePosted(f, u.progress(), u.status().map(Status::word).orElse(""), u.impact(), u.next(), u.eta(),
                Optional.of(posted)));
        tx.refreshSummary(after);
        String serviceStatus = u.serviceStatus().isEmpty() ? ""
                : " \"" + TypedText.plain(u.serviceStatus()) + "\" is not an incident status (" + Status.SETTABLE.replace("|", ", ")
                + "), so it is shown as the service's current status; " + i.id() + " stays " + after.status().word() + ".";
        return Ack.reply("Update posted to " + i.id() + whereItGoes(tx, i) + "." + serviceStatus + " Next one due "
                + IncidentMessages.time(messages.nextUpdate(after)) + ".");
    }

    /** Empty while the incident has (or will have) its own conversation; else where its messages go instead. */
    private static String whereItGoes(UnitOfWork tx, Incident i) throws SQLException {
        if (tx.conversation(i.number()).isPresent()) {
            return "";
        }
        return tx.creationFailure(i.number())
                .map(why -> " in " + i.origin().name() + ", where it was declared: its own channel could not be created")
                .orElse("");
    }

    Ack severity(UnitOfWork tx, Caller caller, Incident i, String word) throws SQLException {
        SeverityLevel to = config.severity(word).orElseThrow();
        Transition t = i.changeSeverity(to.key(), caller.person());
        if (!t.changed()) {
            return Ack.reply(t.unchanged().orElseThrow());
        }
        String from = messages.label(i);
        Incident after = t.after();
        tx.apply(t);
        tx.post(after, messages.notice(after, Text.of(new Span.Plain("Severity changed from " + from + " to "
                + to.label() + " (" + to.name() + ") by "), Span.Mention.of(caller.person()), new Span.Plain("."))));
        if (!i.drill()) {
            List<String> oncall = new ArrayList<>();
            to.escalation().stream().filter(s -> s.after().isZero()).forEach(s -> oncall.addAll(s.chatTargets()));
            if (!oncall.isEmpty()) {
                tx.deliver(after, new Delivery.Invite(oncall, messages.inviteReason(after, "you are on call")));
            }
        }
        tx.refreshSummary(after);
        return Ack.reply(i.id() + " is now " + to.label() + ".");
    }

    Ack status(UnitOfWork tx, Caller caller, Incident i, Status to) throws SQLException {
        Transition t = i.changeStatus(to, caller.person(), tx.now());
        if (!t.changed()) {
            return Ack.reply(t.unchanged().orElseThrow());
        }
        Incident after = t.after();
        tx.apply(t);
        tx.post(after, messages.notice(after, Text.of(new Span.Plain("Status: " + to.label() + " (set by "),
                Span.Mention.of(caller.person()), new Span.Plain(")."))));
        tx.refreshSummary(after);
        return Ack.reply(i.id() + " is now " + to.word() + ".");
    }

    Ack customerUpdate(UnitOfWork tx, Caller caller, Incident i, String text) throws SQLException {
        tx.event(i, caller.person(), new TimelineEvent.CustomerUpdateRequested(text));
        int calls = tx.signal(i, f -> new IncidentSignal.CustomerUpdateRequested(f, text));
        if (calls == 0) {
            throw new Rejected("No status page is configured, so nothing was published. Add a statuspage: section to the "
                    + "config (see the README, \"Status page\"), or tell customers another way.");
        }
        tx.post(i, messages.notice(i, Text.of(new Span.Plain(i.drill() ? "[DRILL] Customer update by " : "📣 Customer update by "),
                Span.Mention.of(caller.person()), new Span.Plain((i.drill() ? " (not published): " : ": ") + text))));
        return Ack.reply(i.drill() ? "Drill: the customer update was recorded on " + i.id() + "'s timeline, not published."
                : "Publishing the customer update for " + i.id() + "; the timeline shows it.");
    }
}
