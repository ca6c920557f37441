package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Rejected;
import dev.incidentbot.bot.core.Transition;
import dev.incidentbot.bot.outbox.Delivery;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Who responds: {@code ack}, {@code commander} and {@code role}. */
final class ResponderHandler {
    private final IncidentMessages messages;

    ResponderHandler(IncidentMessages messages) {
        this.messages = messages;
    }

    Ack acknowledge(UnitOfWork tx, Caller caller, Incident i) throws SQLException {
        Transition t = i.acknowledge(caller.person(), tx.now());
        if (!t.changed()) {
            return Ack.reply(t.unchanged().orElseThrow());
        }
        Incident after = t.after();
        tx.apply(t);
        tx.post(after, messages.notice(after, Text.of(new Span.Plain("✋ "), Span.Mention.of(caller.person()),
                new Span.Plain(" acknowledged " + i.id() + "."))));
        tx.refreshSummary(after);
        return Ack.reply("Acknowledged " + i.id() + ".");
    }

    Ack commander(UnitOfWork tx, Caller caller, Incident i, String mention) throws SQLException {
        Person next = mention.isEmpty() ? caller.person() : caller.personNamed(mention)
                .orElseThrow(() -> new Rejected("I cannot tell who \"" + mention + "\" is; mention them, e.g. @alice."));
        Optional<Person> previous = i.commander();
        Transition t = i.assignCommander(next, caller.person(), tx.now());
        if (!t.changed()) {
            return Ack.reply(t.unchanged().orElseThrow());
        }
        Incident after = t.after();
        tx.apply(t);
        Text line = Text.of(new Span.Plain("👑 "), Span.Mention.of(next), new Span.Plain(" is now incident commander"));
        if (previous.isPresent()) {
            line = line.append(new Span.Plain(", taking over from ")).append(Span.Mention.of(previous.get()));
        }
        tx.post(after, messages.notice(after, line.append(new Span.Plain("."))));
        if (!mention.isEmpty()) {
            tx.deliver(after, new Delivery.Invite(List.of(next.id()), messages.inviteReason(after, "you are now its commander")));
        }
        if (previous.isPresent()) {
            tx.deliver(after, new Delivery.SetModerator(previous.get(), false));
        }
        tx.deliver(after, new Delivery.SetModerator(next, true));
        tx.refreshSummary(after);
        return Ack.reply(next.displayName() + " is now commander of " + i.id() + ".");
    }

    Ack role(UnitOfWork tx, Caller caller, Incident i, Command.AssignRole r) throws SQLException {
        Person who = caller.personNamed(r.mention())
                .orElseThrow(() -> new Rejected("I cannot tell who \"" + r.mention() + "\" is; mention them, e.g. @alice."));
        Transition t = i.assignRole(r.role(), who, caller.person());
        Incident after = t.after();
        tx.apply(t);
        tx.post(after, messages.notice(after, Text.of(Span.Mention.of(who), new Span.Plain(" is " + r.role() + " for " + i.id() + "."))));
        tx.deliver(after, new Delivery.Invite(List.of(who.id()), messages.inviteReason(after, "you are its " + r.role())));
        return Ack.reply(who.displayName() + " is " + r.role() + " for " + i.id() + ".");
    }
}
