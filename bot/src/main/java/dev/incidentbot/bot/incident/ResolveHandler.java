package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Transition;
import dev.incidentbot.bot.outbox.Delivery;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Text;
import dev.incidentbot.integration.IncidentSignal;
import dev.incidentbot.platform.Durations;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The end: {@code resolve}, and later leaving the resolved incident's conversation with its post-mortem draft. */
final class ResolveHandler {
    private final IncidentMessages messages;
    private final TimelineExporter exporter;

    ResolveHandler(IncidentMessages messages, TimelineExporter exporter) {
        this.messages = messages;
        this.exporter = exporter;
    }

    Ack resolve(UnitOfWork tx, Caller caller, Incident i, Command.Resolve r) throws SQLException {
        Transition t = i.resolve(r.solution(), r.rootCause(), r.followUp(), caller.person(), tx.now());
        Incident after = t.after();
        tx.apply(t);
        RichMessage resolution = messages.resolution(after, caller.person(), r.solution(), r.rootCause(), r.followUp(), tx.now());
        tx.post(after, resolution);
        tx.signal(after, f -> new IncidentSignal.Resolved(f, r.solution(), Optional.of(resolution)));
        tx.refreshSummary(after);
        tx.deliver(after, new Delivery.Rename(IncidentService.RESOLVED_PREFIX + i.conversationName()));
        return Ack.reply(i.id() + " is resolved. " + caller.platform().commandPrefix() + " export drafts the post-mortem.");
    }

    /** See {@link IncidentService#leaveResolved}; returns how many conversations it leaves. */
    int leaveResolved(UnitOfWork tx, String platform, Duration after) throws SQLException {
        List<Long> due = tx.resolvedAndNotLeft(platform, tx.now().minus(after));
        for (long number : due) {
            Incident i = tx.load(number);
            String filename = i.id().toLowerCase(Locale.ROOT) + "-postmortem.md";
            tx.deliver(i, new Delivery.Upload(Delivery.Target.incident(), filename,
                    tx.export(exporter, i, "md", tx.now()), "Post-mortem draft for " + i.id() + " (md)"));
            tx.post(i, messages.notice(i, Text.plain(i.id() + " was resolved more than "
                    + Durations.format(after) + " ago, so I am leaving this room. "
                    + "Its post-mortem draft is the file " + filename + " above; for a fresh one type "
                    + messages.wording().prefix(platform) + " export " + i.id() + " in any room I am in.")));
            tx.deliver(i, new Delivery.Leave());
            tx.event(i, IncidentService.BOT, new TimelineEvent.ConversationLeft(Durations.format(after)));
        }
        return due.size();
    }
}
