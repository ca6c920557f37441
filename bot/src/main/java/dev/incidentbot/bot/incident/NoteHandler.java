package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.Person;
import dev.incidentbot.integration.IncidentSignal;
import java.sql.SQLException;
import java.util.Optional;

/** What goes on the record without changing the incident's state: notes, pinned messages, action items. */
final class NoteHandler {

    Ack note(UnitOfWork tx, Caller caller, Incident i, String text) throws SQLException {
        tx.event(i, caller.person(), new TimelineEvent.NoteAdded(text));
        return Ack.reply("Noted on " + i.id() + "'s timeline.");
    }

    /** A reaction on a message in an incident conversation; false if the conversation is no incident's. */
    boolean pin(UnitOfWork tx, Caller caller, Person author, String text, String permalink) throws SQLException {
        Optional<Incident> i = tx.findByConversation(caller.platform().name(), caller.conversation().id());
        if (i.isEmpty()) {
            return false;
        }
        tx.event(i.get(), caller.person(), new TimelineEvent.MessagePinned(author.id(), author.displayName(), text, permalink));
        return true;
    }

    Ack actionItem(UnitOfWork tx, Caller caller, Incident i, Command.ActionItem a) throws SQLException {
        String owner = a.owner().isEmpty() ? "" : caller.personNamed(a.owner())
                .map(Person::displayName).orElse(a.owner());
        int n = tx.addActionItem(i.number(), a.text(), owner, a.due());
        tx.event(i, caller.person(), new TimelineEvent.ActionItemAdded(n, a.text(), owner, a.due()));
        tx.signal(i, f -> new IncidentSignal.ActionItemAdded(f, n, a.text(), owner, a.due()));
        tx.touched(i);
        return Ack.reply("Action item " + n + " recorded on " + i.id() + ".");
    }
}
