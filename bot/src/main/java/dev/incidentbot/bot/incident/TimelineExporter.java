package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Milestone;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.bot.incident.CommandWording;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.SeverityLevel;
import dev.incidentbot.bot.config.DueTimes;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.IntegrationCallStore;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.template.MarkdownText;
import dev.incidentbot.bot.template.TypedText;
import dev.incidentbot.bot.template.TemplateRenderer;
import dev.incidentbot.bot.timeline.HashChain;
import dev.incidentbot.bot.timeline.TimelineEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an incident's timeline into a post-mortem draft (Markdown, from the {@code postmortem} template) or a JSON
 * document (schema in docs/export-schema.md). Events are read in one streaming query, never one query per event.
 */
public final class TimelineExporter {
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BotConfig config;
    private final TemplateRenderer templates;
    private final IncidentStore incidents = new IncidentStore();
    private final IntegrationCallStore externalRefs = new IntegrationCallStore();
    private final TimelineStore timeline = new TimelineStore();
    private final DueTimes due;
    private final CommandWording wording;

    public TimelineExporter(BotConfig config, TemplateRenderer templates) {
        this(config, templates, CommandWording.canonical());
    }

    public TimelineExporter(BotConfig config, TemplateRenderer templates, CommandWording wording) {
        this.config = config;
        this.templates = templates;
        this.due = new DueTimes(config);
        this.wording = wording;
    }

    /** The export in {@code format} ("md" or "json"), read through {@code c}; {@code now} ends open incidents' figures. */
    public String export(Connection c, Incident incident, String format, Instant now) throws SQLException {
        return format.equals("json") ? json(c, incident, now) : markdown(c, incident, now);
    }

    public String markdown(Connection c, Incident i, Instant now) throws SQLException {
        List<Map<String, String>> events = new ArrayList<>();
        Figures f = new Figures();
        String[] head = {HashChain.GENESIS};
        String[] rootCause = {""};
        timeline.forEach(c, i.number(), e -> {
            TimelineEvent event = TimelineStore.decode(e);
            f.count(event, e.at());
            if (event instanceof TimelineEvent.Resolved r) {
                rootCause[0] = TypedText.plain(r.rootCause());
            }
            head[0] = e.hash();
            events.add(Map.of("time", IncidentMessages.preciseTime(e.at()),
                    "description", e.actor().displayName() + ": " + TypedText.plain(event.describe())));
        });
        SeverityLevel sev = config.severityByKey(i.severity());
        Map<String, Object> model = new HashMap<>();
        model.put("id", i.id());
        model.put("title", TypedText.plain(i.title()));
        model.put("command", wording.prefix(i.platform()));
        model.put("drill", i.drill());
        model.put("date", IncidentMessages.time(i.declaredAt()));
        model.put("duration", i.milestone(Milestone.RESOLVED).map(r -> IncidentMessages.duration(Duration.between(i.declaredAt(), r)))
                .orElse("ongoing (" + IncidentMessages.duration(Duration.between(i.declaredAt(), now)) + " so far)"));
        model.put("severity", sev.label());
        model.put("severity_name", sev.name());
        model.put("impact", i.impact().isEmpty() ? "Not recorded" : TypedText.plain(i.impact()));
        model.put("commander", i.commander().map(p -> p.displayName()).orElse("none"));
        model.put("events", events);
        model.put("root_cause", rootCause[0]);
        List<Map<String, Object>> items = new ArrayList<>();
        for (IncidentStore.ActionItem a : incidents.actionItems(c, i.number())) {
            items.add(Map.of("text", TypedText.plain(a.text()), "owner", a.owner().isEmpty() ? "unassigned" : a.owner(),
                    "due", a.due().isEmpty() ? "not set" : a.due(), "links", trackers(c, i, a)));
        }
        model.put("action_items", items);
        model.put("time_to_acknowledge", since(i, Milestone.ACKNOWLEDGED));
        model.put("time_to_mitigate", since(i, Milestone.MITIGATED));
        model.put("time_to_resolve", since(i, Milestone.RESOLVED));
        model.put("updates_posted", Integer.toString(f.updates));
        model.put("updates_due", Integer.toString(updatesDue(i, now)));
        model.put("reminders", Integer.toString(f.reminders));
        model.put("escalations", Integer.toString(f.escalations));
        model.put("pages_sent", f.pagesSent == 0 ? "0" : f.pagesSent + " (first at "
                + IncidentMessages.preciseTime(f.firstPageAt) + ")");
        model.put("pages_acknowledged", f.pageAcknowledgedAt == null ? "not acknowledged"
                : "at " + IncidentMessages.preciseTime(f.pageAcknowledgedAt) + " ("
                + IncidentMessages.duration(Duration.between(f.firstPageAt == null ? i.declaredAt() : f.firstPageAt,
                        f.pageAcknowledgedAt)) + " after the first page)");
        model.put("chain_head", head[0]);
        model.put("event_count", Integer.toString(events.size()));
        return templates.renderPostmortem(model);
    }

    /** Where the action item is tracked outside (a GitHub issue): what integrations stored under its key. */
    private List<String> trackers(Connection c, Incident i, IncidentStore.ActionItem a) throws SQLException {
        return externalRefs.refsUnder(c, i.number(), dev.incidentbot.integration.OutboundCall.actionItemKey(a.n()));
    }

    public String json(Connection c, Incident i, Instant now) throws SQLException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory(JSON).createGenerator((Writer) out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schema_version", SCHEMA_VERSION);
            g.writeObjectFieldStart("incident");
            g.writeStringField("id", i.id());
            g.writeNumberField("number", i.number());
            // Incident fields read as people typed them; event payloads below stay as recorded, for the hash chain.
            g.writeStringField("title", TypedText.plain(i.title()));
            g.writeStringField("severity", i.severity());
            g.writeStringField("status", i.status().word());
            g.writeBooleanField("drill", i.drill());
            g.writeStringField("impact", TypedText.plain(i.impact()));
            g.writeStringField("platform", i.platform());
            g.writeStringField("conversation", i.conversationName());
            g.writeObjectFieldStart("declared_by");
            g.writeStringField("id", i.declaredBy().id());
            g.writeStringField("name", i.declaredBy().displayName());
            g.writeEndObject();
            g.writeObjectFieldStart("roles");
            for (Map.Entry<String, dev.incidentbot.chat.Person> r : new java.util.TreeMap<>(i.roles()).entrySet()) {
                g.writeObjectFieldStart(r.getKey());
                g.writeStringField("id", r.getValue().id());
                g.writeStringField("name", r.getValue().displayName());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeStringField("declared_at", i.declaredAt().toString());
            for (Milestone m : List.of(Milestone.ACKNOWLEDGED, Milestone.MITIGATED, Milestone.RESOLVED)) {
                Optional<Instant> at = i.milestone(m);
                String field = m.name().toLowerCase(Locale.ROOT) + "_at";
                if (at.isPresent()) {
                    g.writeStringField(field, at.get().toString());
                } else {
                    g.writeNullField(field);
                }
            }
            g.writeEndObject();
            g.writeArrayFieldStart("action_items");
            for (IncidentStore.ActionItem a : incidents.actionItems(c, i.number())) {
                g.writeStartObject();
                g.writeNumberField("n", a.n());
                g.writeStringField("text", TypedText.plain(a.text()));
                g.writeStringField("owner", a.owner());
                g.writeStringField("due", a.due());
                g.writeArrayFieldStart("links");
                for (String link : trackers(c, i, a)) {
                    g.writeString(link);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            Figures f = new Figures();
            String[] head = {HashChain.GENESIS};
            int[] count = {0};
            g.writeArrayFieldStart("events");
            timeline.forEach(c, i.number(), e -> {
                try {
                    f.count(TimelineStore.decode(e), e.at());
                    head[0] = e.hash();
                    count[0]++;
                    g.writeStartObject();
                    g.writeNumberField("seq", e.seq());
                    g.writeStringField("type", e.type());
                    g.writeStringField("at", e.at().toString());
                    g.writeObjectFieldStart("actor");
                    g.writeStringField("id", e.actor().id());
                    g.writeStringField("name", e.actor().displayName());
                    g.writeEndObject();
                    g.writeFieldName("payload");
                    g.writeRawValue(e.payload());
                    g.writeStringField("hash", e.hash());
                    g.writeEndObject();
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            g.writeEndArray();
            g.writeObjectFieldStart("figures");
            seconds(g, "time_to_acknowledge_seconds", i, Milestone.ACKNOWLEDGED);
            seconds(g, "time_to_mitigate_seconds", i, Milestone.MITIGATED);
            seconds(g, "time_to_resolve_seconds", i, Milestone.RESOLVED);
            g.writeNumberField("updates_posted", f.updates);
            g.writeNumberField("updates_due", updatesDue(i, now));
            g.writeNumberField("reminders", f.reminders);
            g.writeNumberField("escalations", f.escalations);
            g.writeNumberField("pages_sent", f.pagesSent);
            g.writeStringField("first_page_at", f.firstPageAt == null ? null : f.firstPageAt.toString());
            g.writeStringField("pages_acknowledged_at", f.pageAcknowledgedAt == null ? null : f.pageAcknowledgedAt.toString());
            g.writeEndObject();
            g.writeObjectFieldStart("chain");
            g.writeStringField("algorithm", "sha256(prev_hash + \"\\n\" + json[incident, seq, type, actor_id, actor_name, at_millis, payload])");
            g.writeStringField("head", head[0]);
            g.writeNumberField("events", count[0]);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString() + "\n";
    }

    private int updatesDue(Incident i, Instant now) {
        SeverityLevel sev = config.severityByKey(i.severity());
        Instant end = i.milestone(Milestone.RESOLVED).orElse(now);
        int n = 0;
        Instant t = due.nextUpdate(sev, i.declaredAt());
        while (!t.isAfter(end) && n < 100_000) {
            n++;
            t = due.nextUpdate(sev, t);
        }
        return n;
    }

    private static String since(Incident i, Milestone m) {
        return i.milestone(m).map(t -> IncidentMessages.duration(Duration.between(i.declaredAt(), t))).orElse("not reached");
    }

    private static void seconds(JsonGenerator g, String field, Incident i, Milestone m) throws IOException {
        Optional<Instant> t = i.milestone(m);
        if (t.isPresent()) {
            g.writeNumberField(field, Duration.between(i.declaredAt(), t.get()).toSeconds());
        } else {
            g.writeNullField(field);
        }
    }

    /**
     * Counts for the figures section, gathered while the events stream past. Pages are the integration calls named
     * trigger (sent) and acknowledge, whichever paging integration made them.
     */
    private static final class Figures {
        int updates;
        int reminders;
        int escalations;
        int pagesSent;
        Instant firstPageAt;
        Instant pageAcknowledgedAt;

        void count(TimelineEvent e, Instant at) {
            if (e instanceof TimelineEvent.IntegrationCalled call) {
                if (call.action().equals("trigger")) {
                    pagesSent++;
                    firstPageAt = firstPageAt == null ? at : firstPageAt;
                } else if (call.action().equals("acknowledge") && pageAcknowledgedAt == null) {
                    pageAcknowledgedAt = at;
                }
            }
            if (e instanceof TimelineEvent.UpdatePosted) {
                updates++;
            } else if (e instanceof TimelineEvent.ReminderSent) {
                reminders++;
            } else if (e instanceof TimelineEvent.Escalated) {
                escalations++;
            }
        }
    }

    static String md(String s) {
        return MarkdownText.escape(s);
    }
}
