package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.EscalationStep;
import dev.incidentbot.bot.config.SeverityLevel;
import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Rejected;
import dev.incidentbot.bot.core.Transition;
import dev.incidentbot.bot.outbox.Delivery;
import dev.incidentbot.bot.template.TypedText;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.integration.IncidentSignal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** {@code declare}: a new incident, its conversation, the on-call invited, the announcements and the first signals. */
final class DeclareHandler {
    private final BotConfig config;
    private final IncidentMessages messages;
    private final ChannelNamer namer;

    DeclareHandler(BotConfig config, IncidentMessages messages) {
        this.config = config;
        this.messages = messages;
        this.namer = new ChannelNamer(config.channelPattern());
    }

    Ack declare(UnitOfWork tx, Caller caller, Command.Declare d) throws SQLException {
        Incident i = declareIncident(tx, caller, d);
        SeverityLevel sev = config.severityByKey(i.severity());
        return Ack.reply((d.drill() ? "[DRILL] " : "") + "Declaring " + i.id() + " (" + sev.label() + " " + sev.name()
                + "): " + TypedText.plain(d.title()) + ". Opening #" + i.conversationName() + " and inviting the on-call.");
    }

    Incident declareIncident(UnitOfWork tx, Caller caller, Command.Declare d) throws SQLException {
        SeverityLevel sev = config.severity(d.severity()).orElseThrow(() -> new Rejected("Unknown severity " + d.severity()));
        long number = tx.nextNumber();
        String name = namer.name(number, tx.now(), TypedText.plain(d.title()));
        Transition declared = Incident.declare(number, caller.platform().name(), d.title(), sev.key(), d.drill(),
                caller.person(), caller.conversation(), name, tx.now());
        Incident i = declared.after();
        tx.open(declared);
        List<String> invitees = new ArrayList<>();
        if (!caller.person().id().equals(IncidentService.BOT.id())) {  // an integration declares as the bot, which is there already
            invitees.add(caller.person().id());
        }
        if (!d.drill()) {
            for (EscalationStep step : sev.escalation()) {
                if (step.after().isZero()) {
                    invitees.addAll(step.chatTargets());
                }
            }
        }
        // Only the create must come first: topic, invitations, initial post and announcements then go out together
        // (see the outbox's IndependentRows), and the pin follows its post. The on-call hear why they are invited.
        tx.deliver(i, new Delivery.CreateConversation(new ConversationSpec(name, "", List.of(), false)));
        tx.deliver(i, new Delivery.SetTopic(messages.topic(i)));
        if (invitees.contains(caller.person().id())) {
            tx.deliver(i, new Delivery.Invite(List.of(caller.person().id())));
        }
        List<String> oncall = new LinkedHashSet<>(invitees).stream().filter(t -> !t.equals(caller.person().id())).toList();
        if (!oncall.isEmpty()) {
            tx.deliver(i, new Delivery.Invite(oncall, messages.inviteReason(i, "you are on call")));
        }
        RichMessage initial = messages.initial(i);
        tx.deliver(i, new Delivery.Post(Delivery.Target.incident(), initial, IncidentService.INITIAL));
        if (!caller.conversation().id().isEmpty()) {
            // An inbound integration on a platform without an announce conversation declares from nowhere.
            tx.deliver(i, new Delivery.Announce(caller.conversation(), messages.announcement(i)));
        }
        Optional<ConversationRef> everywhere = caller.platform().announceConversation();
        if (everywhere.isPresent() && !everywhere.get().id().equals(caller.conversation().id())) {
            tx.deliver(i, new Delivery.Announce(everywhere.get(), messages.announcement(i)));
        }
        tx.deliver(i, new Delivery.Pin(IncidentService.INITIAL));
        tx.signal(i, f -> new IncidentSignal.Declared(f, Optional.of(initial)));
        List<EscalationStep> steps = sev.escalation();
        for (int n = 0; n < steps.size(); n++) {
            if (steps.get(n).after().isZero()) {
                EscalationStep step = steps.get(n);
                int stepNumber = n + 1;
                tx.signal(i, f -> new IncidentSignal.EscalationStepReached(f, stepNumber, step.targets(), "declared "
                        + sev.label(), Optional.of(initial)));
            }
        }
        return i;
    }
}
