package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.outbox.Delivery;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.template.TypedText;
import dev.incidentbot.bot.timeline.TimelineEntry;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Ack;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** What people read: {@code list}, {@code timeline} and {@code export}. */
final class ReportHandler {
    private final IncidentMessages messages;
    private final TimelineExporter exporter;

    ReportHandler(IncidentMessages messages, TimelineExporter exporter) {
        this.messages = messages;
        this.exporter = exporter;
    }

    Ack showTimeline(UnitOfWork tx, Incident i) throws SQLException {
        List<TimelineEntry> last = tx.lastEvents(i.number(), 30);
        StringBuilder s = new StringBuilder(i.id() + " timeline" + (last.size() == 30 ? " (last 30 events; " + messages.wording().prefix(i.platform()) + " export has all)" : "") + ":\n");
        for (TimelineEntry e : last) {
            s.append(IncidentMessages.preciseTime(e.at())).append("  ").append(e.actor().displayName()).append(": ")
                    .append(TypedText.plain(TimelineStore.decode(e).describe())).append('\n');
        }
        return Ack.reply(s.toString().stripTrailing());
    }

    Ack export(UnitOfWork tx, Caller caller, Incident i, String format) throws SQLException {
        tx.event(i, caller.person(), new TimelineEvent.ExportRequested(format));
        String content = tx.export(exporter, i, format, tx.now());
        String filename = i.id().toLowerCase(Locale.ROOT) + "-postmortem." + format;
        Delivery.Target where = caller.conversation().id().equals(tx.conversation(i.number()).map(cv -> cv.id()).orElse(""))
                ? Delivery.Target.incident() : Delivery.Target.conversation(caller.conversation());
        tx.deliver(i, new Delivery.Upload(where, filename, content, "Post-mortem draft for " + i.id() + " (" + format + ")"));
        return Ack.reply("Exporting the post-mortem draft of " + i.id() + " as " + filename + ".");
    }

    Ack list(UnitOfWork tx, Caller caller) throws SQLException {
        List<Incident> recent = tx.recent(20);
        if (recent.isEmpty()) {
            return Ack.reply("No incidents yet. Declare one with "
                    + Usage.of("declare", caller.platform().commandPrefix()).split("   ")[0]);
        }
        StringBuilder s = new StringBuilder("Incidents (open first):\n");
        for (Incident i : recent) {
            s.append(i.id()).append("  ").append(i.drill() ? "[DRILL] " : "").append(messages.label(i)).append("  ")
                    .append(i.status().word()).append("  ").append(TypedText.plain(i.title()))
                    .append(i.commander().map(p -> "  IC " + p.displayName()).orElse(""))
                    .append("  #").append(i.conversationName()).append('\n');
        }
        return Ack.reply(s.toString().stripTrailing());
    }
}
