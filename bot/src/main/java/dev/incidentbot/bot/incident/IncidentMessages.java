package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Milestone;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.incident.CommandWording;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.platform.Durations;
import dev.incidentbot.bot.config.SeverityLevel;
import dev.incidentbot.bot.config.DueTimes;
import dev.incidentbot.bot.template.MessageModel;
import dev.incidentbot.bot.template.TemplateRenderer;
import dev.incidentbot.bot.template.TypedText;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** Builds the messages the bot posts about an incident, from the operator's templates. Drills are marked on every one. */
public final class IncidentMessages {
    static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    public static final String ACTION_ACK = "ack";
    public static final String ACTION_COMMANDER = "commander";
    public static final String ACTION_UPDATE = "update";
    public static final String ACTION_RESOLVE = "resolve";

    private final BotConfig config;
    private final TemplateRenderer templates;
    private final DueTimes due;
    private final CommandWording wording;

    public IncidentMessages(BotConfig config, TemplateRenderer templates) {
        this(config, templates, CommandWording.canonical());
    }

    /** {@code wording}: how the command is typed on each incident's platform, in texts and button fallbacks. */
    public IncidentMessages(BotConfig config, TemplateRenderer templates, CommandWording wording) {
        this.config = config;
        this.templates = templates;
        this.due = new DueTimes(config);
        this.wording = wording;
    }

    public CommandWording wording() {
        return wording;
    }

    private String cmd(Incident i) {
        return wording.prefix(i.platform());
    }

    public RichMessage initial(Incident i) {
        SeverityLevel sev = config.severityByKey(i.severity());
        MessageModel m = base(i)
                .put("status", i.status().label())
                .put("impact", i.impact().isEmpty() ? "Being assessed" : i.impact())
                .put("scope", "")
                .put("severity_name", sev.name())
                .put("severity_definition", sev.definition())
                .put("cadence", Durations.format(sev.updateEvery()))
                .put("next_update", time(nextUpdate(i)))
                .put("declared_at", time(i.declaredAt()))
                .mention("declared_by", Span.Mention.of(i.declaredBy()));
        if (i.commander().isPresent()) {
            m.mention("lead", Span.Mention.of(i.commander().get()));
        } else {
            m.put("lead", "nobody yet: take command with " + cmd(i) + " commander");
        }
        RichMessage msg = templates.render("initial", m);
        return mark(i, i.isOpen() ? msg.withActions(buttons(i)) : msg);
    }

    public RichMessage update(Incident i, Person author, UpdateParts update) {
        MessageModel m = base(i)
                .put("time", time(update.at()))
                .put("progress", update.progress())
                .put("status", update.serviceStatus().isEmpty() ? i.status().label()
                        : i.status().label() + " · " + update.serviceStatus())
                .put("service_status", update.serviceStatus())
                .put("impact", update.impact())
                .put("next", update.next())
                .put("eta", update.eta())
                .put("next_update", time(nextUpdate(i)))
                .mention("author", Span.Mention.of(author));
        return mark(i, templates.render("update", m));
    }

    /** The parts of an update message; {@code serviceStatus} is free text, empty when none was given. */
    public record UpdateParts(Instant at, String progress, String serviceStatus, String impact, String next, String eta) { }

    public RichMessage resolution(Incident i, Person author, String solution, String rootCause, String followUp, Instant at) {
        MessageModel m = base(i)
                .put("time", time(at))
                .put("solution", solution)
                .put("root_cause", rootCause.isEmpty() ? "To be determined in the post-mortem" : rootCause)
                .put("follow_up", followUp)
                .put("postmortem_due", time(due.postmortemBy(at)))
                .put("duration", duration(Duration.between(i.declaredAt(), at)))
                .mention("author", Span.Mention.of(author));
        return mark(i, templates.render("resolution", m));
    }

    public RichMessage reminder(Incident i, List<Span.Mention> who, Instant lastUpdate) {
        SeverityLevel sev = config.severityByKey(i.severity());
        MessageModel m = base(i)
                .mentions("who", who)
                .put("cadence", Durations.format(sev.updateEvery()))
                .put("last_update", time(lastUpdate));
        return mark(i, templates.render("reminder", m).withActions(List.of(updateButton(i))));
    }

    /** {@code conversation} is the incident's own, once created: named as a channel link rather than as text. */
    public RichMessage escalation(Incident i, int step, List<Span.Mention> targets, String reason, String instruction,
                                  Optional<ConversationRef> conversation) {
        MessageModel m = base(i)
                .mentions("targets", targets)
                .put("reason", reason)
                .put("instruction", instruction)
                .put("step", Integer.toString(step))
                .put("declared_at", time(i.declaredAt()));
        if (conversation.isPresent()) {
            m.span("conversation", new Span.ConversationLink(conversation.get()));
        } else {
            m.put("conversation", "#" + i.conversationName());
        }
        // Once acknowledged, what is due is an update, not an acknowledgement.
        Button due = i.isAcknowledged() ? updateButton(i)
                : Button.of(ACTION_ACK, "Acknowledge", Long.toString(i.number()), cmd(i) + " ack " + i.id()).asPrimary();
        return mark(i, templates.render("escalation", m).withActions(List.of(due)));
    }

    /** What an invitation says to the person invited: {@code INC-7 SEV1: checkout down — you are on call}. */
    public String inviteReason(Incident i, String why) {
        return (i.drill() ? "[DRILL] " : "") + i.id() + " " + label(i) + ": " + TypedText.plain(i.title()) + " — " + why;
    }

    /** A one-line notice in the incident conversation (handovers, severity changes). */
    public RichMessage notice(Incident i, Text line) {
        return mark(i, RichMessage.of(line));
    }

    /** The line in the channel where the incident was declared; the platform appends the link to the new conversation. */
    public RichMessage announcement(Incident i) {
        return mark(i, RichMessage.of(Text.of(new Span.Strong("🚨 " + i.id() + " " + label(i) + " declared: "))
                .append(TypedText.decode(i.title()))
                .append(Text.of(new Span.Plain(" · "), Span.Mention.of(i.declaredBy()), new Span.Plain(" · join ")))));
    }

    /** The conversation topic: {@code SEV1 · investigating · IC @alice}. */
    public String topic(Incident i) {
        String ic = i.commander().map(p -> "IC @" + p.displayName()).orElse("no IC yet");
        return (i.drill() ? "[DRILL] " : "") + label(i) + " · " + i.status().word() + " · " + ic + " · "
                + TypedText.plain(i.title());
    }

    public Instant nextUpdate(Incident i) {
        Instant last = i.milestone(Milestone.LAST_UPDATE).orElse(i.declaredAt());
        return due.nextUpdate(config.severityByKey(i.severity()), last);
    }

    public String label(Incident i) {
        return config.severityByKey(i.severity()).label();
    }

    private List<Button> buttons(Incident i) {
        String n = Long.toString(i.number());
        return List.of(
                Button.of(ACTION_ACK, "Acknowledge", n, cmd(i) + " ack"),
                Button.of(ACTION_COMMANDER, "I'm commander", n, cmd(i) + " commander").asPrimary(),
                updateButton(i),
                Button.of(ACTION_RESOLVE, "Resolve", n, cmd(i) + " resolve <solution> root cause: <text>").withForm(List.of(
                        new Button.FormInput("solution", "What fixed it", true, true, "Rolled back release 2026.11.3"),
                        new Button.FormInput("root_cause", "Root cause", true, false, "If known"),
                        new Button.FormInput("follow_up", "Follow-up", true, false, "Action items, owners"))));
    }

    private Button updateButton(Incident i) {
        return Button.of(ACTION_UPDATE, "Post update", Long.toString(i.number()),
                cmd(i) + " update <progress> status: <status> next: <next steps> eta: <time>").withForm(List.of(
                new Button.FormInput("progress", "Progress", true, true, "What we learned or tried"),
                new Button.FormInput("status", "Status", false, false,
                        Status.SETTABLE.replace("|", ", ") + ", or how the service is"),
                new Button.FormInput("impact", "Impact", false, false, "Who is affected, how"),
                new Button.FormInput("next", "Next steps", true, false, "What happens next"),
                new Button.FormInput("eta", "ETA", false, false, "Expected resolution time")));
    }

    private MessageModel base(Incident i) {
        return new MessageModel()
                .put("id", i.id())
                .put("title", i.title())
                .put("severity", label(i))
                .put("command", cmd(i))
                .flag("drill", i.drill());
    }

    /** Drill incidents say so on every message, whatever the template does. */
    private static RichMessage mark(Incident i, RichMessage msg) {
        if (!i.drill()) {
            return msg;
        }
        Text header = msg.header().isEmpty() ? Text.of(new Span.Strong("[DRILL] " + i.id()))
                : Text.of(new Span.Strong("[DRILL] ")).append(msg.header());
        return new RichMessage(header, msg.blocks(), msg.actions(), msg.context());
    }

    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** To the second, for timelines where several events share a minute. */
    public static String preciseTime(Instant t) {
        return UTC_SECONDS.format(t);
    }

    public static String time(Instant t) {
        return UTC_TIME.format(t);
    }

    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        if (s < 86400) {
            return (s / 3600) + "h " + (s % 3600 / 60) + "m";
        }
        return (s / 86400) + "d " + (s % 86400 / 3600) + "h";
    }
}
