package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.IncidentId;
import dev.incidentbot.bot.core.Rejected;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.timeline.TimelineEntry;
import dev.incidentbot.chat.ConversationRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The engine's stores bound to one connection: what the use cases and the capabilities around them (reminders,
 * diagnostics, integrations) read and write, without touching JDBC. The store classes stay connection-based.
 */
public class Repositories {
    private final Connection c;
    private final IncidentStore incidents = new IncidentStore();
    private final TimelineStore timeline = new TimelineStore();

    Repositories(Connection c) {
        this.c = c;
    }

    public Optional<Incident> find(long number) throws SQLException {
        return incidents.find(c, number);
    }

    /** The incident, or a {@link Rejected} saying it does not exist. */
    public Incident load(long number) throws SQLException {
        return find(number).orElseThrow(() -> new Rejected(IncidentId.format(number) + " does not exist; /incident list shows the incidents."));
    }

    /** The incident whose conversation {@code conversationId} on {@code platform} is. */
    public Optional<Incident> findByConversation(String platform, String conversationId) throws SQLException {
        return incidents.findByConversation(c, platform, conversationId);
    }

    /** The {@code limit} most recent incidents, open ones first. */
    public List<Incident> recent(int limit) throws SQLException {
        return incidents.recent(c, limit);
    }

    /** The incident's own conversation, once it has been created. */
    public Optional<ConversationRef> conversation(long number) throws SQLException {
        return incidents.conversation(c, number);
    }

    public List<IncidentStore.ActionItem> actionItems(long number) throws SQLException {
        return incidents.actionItems(c, number);
    }

    /** Every timeline entry of incident {@code number}, in order, without holding them all in memory. */
    public void forEachEvent(long number, Consumer<TimelineEntry> each) throws SQLException {
        timeline.forEach(c, number, each);
    }

    /** The last {@code count} timeline entries of incident {@code number}, oldest first. */
    public List<TimelineEntry> lastEvents(long number, int count) throws SQLException {
        return timeline.last(c, number, count);
    }

    /** The incident's post-mortem draft as {@code format} (md, json), as of {@code at}. */
    String export(TimelineExporter exporter, Incident i, String format, Instant at) throws SQLException {
        return exporter.export(c, i, format, at);
    }

    /** Everyone who is part of the incident: the declarer, role holders and anyone on its timeline. */
    public Set<String> participants(Incident i) throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(i.declaredBy().id());
        i.roles().values().forEach(p -> ids.add(p.id()));
        timeline.forEach(c, i.number(), e -> ids.add(e.actor().id()));
        ids.remove(IncidentService.BOT.id());
        return ids;
    }

    public DiagnosticRuns diagnosticRuns() {
        return new DiagnosticRuns(c);
    }

    public ReminderStates reminderStates() {
        return new ReminderStates(c);
    }

    public IntegrationCalls integrationCalls() {
        return new IntegrationCalls(c);
    }

    public IncidentSources incidentSources() {
        return new IncidentSources(c);
    }
}
