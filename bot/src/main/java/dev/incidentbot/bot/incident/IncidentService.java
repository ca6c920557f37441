package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Milestone;
import dev.incidentbot.bot.core.Status;
import dev.incidentbot.bot.core.IncidentId;
import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.incident.CommandWording;
import dev.incidentbot.bot.core.IncidentRef;
import dev.incidentbot.bot.incident.Usage;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.platform.Durations;
import dev.incidentbot.bot.config.EscalationStep;
import dev.incidentbot.bot.config.SeverityLevel;
import dev.incidentbot.bot.outbox.Delivery;
import dev.incidentbot.bot.outbox.OutboxStore;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.InboundLog;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.template.TypedText;
import dev.incidentbot.bot.timeline.TimelineEntry;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.bot.incident.TimelineExporter;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.ConversationSpec;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import dev.incidentbot.integration.IncidentFacts;
import dev.incidentbot.integration.IncidentSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The use cases. Each runs in one transaction that writes the state change, its timeline event and the outbox rows
 * for the chat side effects; nothing here calls a chat platform. The answer is the {@link Ack} for the sender.
 */
public final class IncidentService {
    private static final Logger log = LoggerFactory.getLogger(IncidentService.class);
    public static final String INITIAL = "initial";
    public static final Person BOT = new Person("incident-bot", "incident-bot");
    /** What a resolved incident's conversation name starts with, where the platform can rename it. */
    public static final String RESOLVED_PREFIX = "[resolved] ";

    private final Database db;
    private final BotConfig config;
    private final Clock clock;
    private final IncidentMessages messages;
    private final TimelineExporter exporter;
    private final OutboxStore outbox;
    private final Runnable outboxWritten;
    private final IncidentStore incidents = new IncidentStore();
    private final TimelineStore timeline = new TimelineStore();
    private final InboundLog inbound = new InboundLog();
    private final ChannelNamer namer;
    // SQLite has one writer at a time; queueing here keeps engine writers off its busy handler.
    private final ReentrantLock writer = new ReentrantLock(true);
    private volatile ReminderPlanner planner = ReminderPlanner.NONE;
    private volatile DiagnosticsHandler diagnostics = DiagnosticsHandler.NONE;
    private final Map<Long, Incident> unplanned = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile IntegrationHook integrations = IntegrationHook.NONE;
    private volatile ConversationLinks links = ConversationLinks.NONE;

    public IncidentService(Database db, BotConfig config, Clock clock, IncidentMessages messages,
                           TimelineExporter exporter, OutboxStore outbox, Runnable outboxWritten) {
        this.db = db;
        this.config = config;
        this.clock = clock;
        this.messages = messages;
        this.exporter = exporter;
        this.outbox = outbox;
        this.outboxWritten = outboxWritten;
        this.namer = new ChannelNamer(config.channelPattern());
    }

    public void setPlanner(ReminderPlanner planner) {
        this.planner = planner;
    }

    public void setDiagnostics(DiagnosticsHandler diagnostics) {
        this.diagnostics = diagnostics;
    }

    public void setIntegrations(IntegrationHook integrations) {
        this.integrations = integrations;
    }

    public void setConversationLinks(ConversationLinks links) {
        this.links = links;
    }

    public IncidentMessages messages() {
        return messages;
    }

    /** Run {@code command} for {@code caller}. A platform's repeated delivery of the same request is handled once. */
    public Outcome execute(Caller caller, Command command) {
        try {
            return write(tx -> {
                if (!caller.deliveryId().isEmpty()
                        && !inbound.firstTime(tx.c, caller.platform().name(), caller.deliveryId(), tx.now)) {
                    return new Outcome(Ack.silent(), Outcome.Kind.DUPLICATE);
                }
                return new Outcome(command.accept(new CommandHandlers(this, tx, caller, diagnostics)), Outcome.Kind.APPLIED);
            });
        } catch (Rejected r) {
            return new Outcome(Ack.reply(CommandWording.rewrite(r.getMessage(), caller.platform().commandPrefix())),
                    Outcome.Kind.REJECTED);
        }
    }

    /** The answer for the sender, and whether the command changed anything. */
    public record Outcome(Ack ack, Kind kind) {
        public enum Kind { APPLIED, REJECTED, DUPLICATE }
    }

    /** A reaction on a message in an incident conversation puts that message on the timeline. */
    public Outcome pin(Caller caller, Person author, String text, String permalink) {
        return write(tx -> {
            if (!caller.deliveryId().isEmpty()
                    && !inbound.firstTime(tx.c, caller.platform().name(), caller.deliveryId(), tx.now)) {
                return new Outcome(Ack.silent(), Outcome.Kind.DUPLICATE);
            }
            Optional<Incident> i = incidents.findByConversation(tx.c, caller.platform().name(), caller.conversation().id());
            if (i.isEmpty()) {
                return new Outcome(Ack.silent(), Outcome.Kind.REJECTED);
            }
            tx.event(i.get(), caller.person(), new TimelineEvent.MessagePinned(author.id(), author.displayName(), text, permalink));
            return new Outcome(Ack.silent(), Outcome.Kind.APPLIED);
        });
    }

    /** Answer {@code caller} later, through the outbox: for results that missed the platform's acknowledgement window. */
    public void replyLater(Caller caller, RichMessage message) {
        replyLater(caller.platform(), caller.reply(), message);
    }

    /** As above, for an answer a platform could not send itself. */
    public void replyLater(dev.incidentbot.chat.ChatPlatform platform, dev.incidentbot.chat.ReplyHandle reply,
                           RichMessage message) {
        write(tx -> {
            outbox.enqueue(tx.c, "reply-" + UUID.randomUUID(), platform.name(), 0,
                    new Delivery.Reply(reply, message, true), tx.now);
            tx.wroteOutbox = true;
            return null;
        });
    }

    /**
     * Run {@code work} as one engine transaction with the same guarantees as a command; for the reminder jobs,
     * which change incidents without a caller. A {@link Rejected} thrown by {@code work} rolls everything back.
     */
    public <T> T write(Work<T> work) {
        Tx tx;
        T result;
        writer.lock();
        try {
            Instant now = clock.instant();
            Tx[] holder = new Tx[1];
            result = db.inTransaction(c -> {
                holder[0] = new Tx(c, now);
                return work.run(holder[0]);
            });
            tx = holder[0];
        } finally {
            writer.unlock();
        }
        // Committed: from here nothing may turn the answer into "failed". What cannot be done now is done later.
        if (tx.wroteOutbox) {
            outboxWritten.run();
        }
        Map<Long, Incident> toPlan = new java.util.LinkedHashMap<>(unplanned);
        toPlan.putAll(tx.changed);
        for (Incident changed : toPlan.values()) {
            try {
                planner.replan(changed);
                unplanned.remove(changed.number());
            } catch (RuntimeException e) {
                // Planning reads and writes the database; it is tried again after the next write that succeeds.
                unplanned.put(changed.number(), changed);
                log.warn("reminders for {} not planned yet: {}", changed.id(), e.getMessage());
            }
        }
        for (Runnable next : tx.afterCommit) {
            try {
                next.run();
            } catch (RuntimeException e) {
                log.error("work after a committed transaction failed", e);
            }
        }
        return result;
    }

    public Optional<Incident> find(long number) {
        return db.read(c -> incidents.find(c, number));
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /** One engine transaction: its connection, its clock reading, and what it changed. */
    public final class Tx {
        public final Connection c;
        public final Instant now;
        private final Map<Long, Incident> changed = new HashMap<>();
        private final List<Runnable> afterCommit = new ArrayList<>();
        private boolean wroteOutbox;

        Tx(Connection c, Instant now) {
            this.c = c;
            this.now = now;
        }

        public void event(Incident i, Person actor, TimelineEvent event) throws SQLException {
            timeline.append(c, i.number(), actor, now, event);
        }

        public void deliver(Incident i, Delivery delivery) throws SQLException {
            outbox.enqueue(c, OutboxStore.laneOf(i.number()), i.platform(), i.number(), delivery, now);
            wroteOutbox = true;
        }

        /** Add a row in a lane and under a platform name of the caller's choosing (integration calls); returns its id. */
        public long enqueue(Incident i, String lane, String platform, Delivery delivery) throws SQLException {
            long id = outbox.enqueue(c, lane, platform, i.number(), delivery, now);
            wroteOutbox = true;
            return id;
        }

        /** Tell the integrations what happened to {@code i}; returns how many calls they asked for. */
        public int signal(Incident i, Function<IncidentFacts, IncidentSignal> signal) throws SQLException {
            return integrations.signal(this, i, signal.apply(facts(i)));
        }

        private IncidentFacts facts(Incident i) throws SQLException {
            SeverityLevel sev = config.severityByKey(i.severity());
            return new IncidentFacts(i.id(), i.number(), i.title(), sev.key(), sev.name(), i.status().word(), i.drill(),
                    i.impact(), i.declaredAt(), i.milestone(Milestone.RESOLVED), i.conversationName(),
                    incidents.conversation(c, i.number()).flatMap(conversation -> links.of(i.platform(), conversation)));
        }

        public void post(Incident i, RichMessage message) throws SQLException {
            deliver(i, new Delivery.Post(Delivery.Target.incident(), message, ""));
        }

        public void save(Incident i) throws SQLException {
            incidents.save(c, i, now);
            changed.put(i.number(), i);
        }

        /** Keep the pinned initial message and the topic in step with the incident. */
        public void refreshSummary(Incident i) throws SQLException {
            deliver(i, new Delivery.Update(INITIAL, messages.initial(i)));
            deliver(i, new Delivery.SetTopic(messages.topic(i)));
        }

        /** Run {@code work} once this transaction has committed (never if it rolls back): e.g. start a process. */
        public void afterCommit(Runnable work) {
            afterCommit.add(work);
        }

        /** Mark {@code i} as changed by this transaction, so its reminders are re-planned after the commit. */
        public void touched(Incident i) {
            changed.put(i.number(), i);
        }

        public Incident load(long number) throws SQLException {
            return incidents.find(c, number).orElseThrow(() -> new Rejected(IncidentId.format(number) + " does not exist; /incident list shows the incidents."));
        }
    }

    Ack declare(Tx tx, Caller caller, Command.Declare d) throws SQLException {
        Incident i = declareIncident(tx, caller, d);
        SeverityLevel sev = config.severityByKey(i.severity());
        return Ack.reply((d.drill() ? "[DRILL] " : "") + "Declaring " + i.id() + " (" + sev.label() + " " + sev.name()
                + "): " + TypedText.plain(d.title()) + ". Opening #" + i.conversationName() + " and inviting the on-call.");
    }

    /**
     * For an inbound integration that must never open two incidents for one key: in one transaction, find the open
     * incident with {@code existing} and run {@code onOpen} on it, or declare and run {@code onDeclared}.
     */
    public long writeOrDeclare(Lookup existing, Caller caller, Command.Declare d, Declared onDeclared, Declared onOpen) {
        return write(tx -> {
            Optional<Long> open = existing.find(tx);
            if (open.isPresent()) {
                Incident i = tx.load(open.get());
                onOpen.run(tx, i);
                return i.number();
            }
            Incident i = declareIncident(tx, caller, d);
            onDeclared.run(tx, i);
            return i.number();
        });
    }

    /** Finds an incident inside a transaction. */
    @FunctionalInterface
    public interface Lookup {
        Optional<Long> find(Tx tx) throws SQLException;
    }

    /** More work in a declare's transaction. */
    @FunctionalInterface
    public interface Declared {
        void run(Tx tx, Incident declared) throws SQLException;
    }

    /** Read through the engine's database (no transaction of its own). */
    public <T> T read(Database.Work<T> work) {
        return db.read(work);
    }

    private Incident declareIncident(Tx tx, Caller caller, Command.Declare d) throws SQLException {
        SeverityLevel sev = config.severity(d.severity()).orElseThrow(() -> new Rejected("Unknown severity " + d.severity()));
        long number = incidents.nextNumber(tx.c);
        String name = namer.name(number, tx.now, TypedText.plain(d.title()));
        Incident i = new Incident(number, caller.platform().name(), d.title(), sev.key(), Status.DECLARED, d.drill(), "",
                caller.person(), caller.conversation(), name, tx.now, Map.of(), new EnumMap<>(Milestone.class));
        incidents.insert(tx.c, i);
        tx.changed.put(number, i);
        tx.event(i, caller.person(), new TimelineEvent.Declared(d.title(), sev.key(), d.drill(), "", name));
        List<String> invitees = new ArrayList<>();
        if (!caller.person().id().equals(BOT.id())) {  // an integration declares as the bot, which is there already
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
        tx.deliver(i, new Delivery.Post(Delivery.Target.incident(), initial, INITIAL));
        if (!caller.conversation().id().isEmpty()) {
            // An inbound integration on a platform without an announce conversation declares from nowhere.
            tx.deliver(i, new Delivery.Announce(caller.conversation(), messages.announcement(i)));
        }
        Optional<ConversationRef> everywhere = caller.platform().announceConversation();
        if (everywhere.isPresent() && !everywhere.get().id().equals(caller.conversation().id())) {
            tx.deliver(i, new Delivery.Announce(everywhere.get(), messages.announcement(i)));
        }
        tx.deliver(i, new Delivery.Pin(INITIAL));
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

    Ack acknowledge(Tx tx, Caller caller, Incident i) throws SQLException {
        if (i.isAcknowledged()) {
            return Ack.reply(i.id() + " is already acknowledged.");
        }
        Incident after = withStatus(i, i.status() == Status.DECLARED ? Status.ACKNOWLEDGED : i.status(),
                Milestone.ACKNOWLEDGED, tx.now);
        tx.save(after);
        tx.event(after, caller.person(), new TimelineEvent.Acknowledged());
        tx.signal(after, f -> new IncidentSignal.Acknowledged(f, caller.person().displayName()));
        tx.post(after, messages.notice(after, Text.of(new Span.Plain("✋ "), Span.Mention.of(caller.person()),
                new Span.Plain(" acknowledged " + i.id() + "."))));
        tx.refreshSummary(after);
        return Ack.reply("Acknowledged " + i.id() + ".");
    }

    /** A mention as the platform decoded it ({@link TypedText} token) or as the platform spells one in plain text. */
    private static Optional<Person> person(Caller caller, String mention) {
        return TypedText.person(mention).or(() -> caller.platform().resolvePerson(mention));
    }

    Ack commander(Tx tx, Caller caller, Incident i, String mention) throws SQLException {
        Person next = mention.isEmpty() ? caller.person() : person(caller, mention)
                .orElseThrow(() -> new Rejected("I cannot tell who \"" + mention + "\" is; mention them, e.g. @alice."));
        Optional<Person> previous = i.commander();
        if (previous.isPresent() && previous.get().id().equals(next.id())) {
            return Ack.reply(next.displayName() + " is already commander of " + i.id() + ".");
        }
        Map<String, Person> roles = new HashMap<>(i.roles());
        roles.put(Incident.COMMANDER, next);
        Map<Milestone, Instant> milestones = new EnumMap<>(Milestone.class);
        milestones.putAll(i.milestones());
        milestones.putIfAbsent(Milestone.ACKNOWLEDGED, tx.now);
        Status status = i.status() == Status.DECLARED ? Status.ACKNOWLEDGED : i.status();
        Incident after = new Incident(i.number(), i.platform(), i.title(), i.severity(), status, i.drill(), i.impact(),
                i.declaredBy(), i.origin(), i.conversationName(), i.declaredAt(), roles, milestones);
        tx.save(after);
        if (!i.isAcknowledged()) {
            tx.event(after, caller.person(), new TimelineEvent.Acknowledged());
            tx.signal(after, f -> new IncidentSignal.Acknowledged(f, caller.person().displayName()));
        }
        tx.event(after, caller.person(), new TimelineEvent.CommanderAssigned(next.id(), next.displayName(),
                previous.map(Person::id).orElse(""), previous.map(Person::displayName).orElse("")));
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

    Ack role(Tx tx, Caller caller, Incident i, Command.AssignRole r) throws SQLException {
        Person who = person(caller, r.mention())
                .orElseThrow(() -> new Rejected("I cannot tell who \"" + r.mention() + "\" is; mention them, e.g. @alice."));
        Map<String, Person> roles = new HashMap<>(i.roles());
        roles.put(r.role(), who);
        Incident after = new Incident(i.number(), i.platform(), i.title(), i.severity(), i.status(), i.drill(), i.impact(),
                i.declaredBy(), i.origin(), i.conversationName(), i.declaredAt(), roles, i.milestones());
        tx.save(after);
        tx.event(after, caller.person(), new TimelineEvent.RoleAssigned(r.role(), who.id(), who.displayName()));
        tx.post(after, messages.notice(after, Text.of(Span.Mention.of(who), new Span.Plain(" is " + r.role() + " for " + i.id() + "."))));
        tx.deliver(after, new Delivery.Invite(List.of(who.id()), messages.inviteReason(after, "you are its " + r.role())));
        return Ack.reply(who.displayName() + " is " + r.role() + " for " + i.id() + ".");
    }

    Ack update(Tx tx, Caller caller, Incident i, Command.Update u) throws SQLException {
        Status status = u.status().isEmpty() ? i.status() : Status.settable(u.status()).orElseThrow();
        Map<Milestone, Instant> milestones = new EnumMap<>(Milestone.class);
        milestones.putAll(i.milestones());
        milestones.put(Milestone.LAST_UPDATE, tx.now);
        if (status == Status.MITIGATED) {
            milestones.putIfAbsent(Milestone.MITIGATED, tx.now);
        }
        milestones.putIfAbsent(Milestone.ACKNOWLEDGED, tx.now);
        // An update without a status means work is under way.
        boolean notStarted = status == Status.DECLARED || status == Status.ACKNOWLEDGED;
        Status effective = notStarted ? Status.INVESTIGATING : status;
        String impact = u.impact().isEmpty() ? i.impact() : u.impact();
        Incident after = new Incident(i.number(), i.platform(), i.title(), i.severity(), effective, i.drill(), impact,
                i.declaredBy(), i.origin(), i.conversationName(), i.declaredAt(), i.roles(), milestones);
        tx.save(after);
        if (!i.isAcknowledged()) {
            tx.event(after, caller.person(), new TimelineEvent.Acknowledged());
            tx.signal(after, f -> new IncidentSignal.Acknowledged(f, caller.person().displayName()));
        }
        if (effective != i.status()) {
            tx.event(after, caller.person(), new TimelineEvent.StatusChanged(i.status().word(), effective.word()));
        }
        // The event's status field holds what the author wrote: an incident status or the service's own status.
        String writtenStatus = u.status().isEmpty() ? u.serviceStatus() : u.status();
        tx.event(after, caller.person(), new TimelineEvent.UpdatePosted(u.progress(), writtenStatus, u.impact(), u.next(), u.eta()));
        RichMessage posted = messages.update(after, caller.person(),
                new IncidentMessages.UpdateParts(tx.now, u.progress(), u.serviceStatus(), u.impact(), u.next(), u.eta()));
        tx.post(after, posted);
        tx.signal(after, f -> new IncidentSignal.UpdatePosted(f, u.progress(), u.status(), u.impact(), u.next(), u.eta(),
                Optional.of(posted)));
        tx.refreshSummary(after);
        String serviceStatus = u.serviceStatus().isEmpty() ? ""
                : " \"" + TypedText.plain(u.serviceStatus()) + "\" is not an incident status (" + Status.SETTABLE.replace("|", ", ")
                + "), so it is shown as the service's current status; " + i.id() + " stays " + effective.word() + ".";
        return Ack.reply("Update posted to " + i.id() + whereItGoes(tx, i) + "." + serviceStatus + " Next one due "
                + IncidentMessages.time(messages.nextUpdate(after)) + ".");
    }

    /** Empty while the incident has (or will have) its own conversation; else where its messages go instead. */
    private String whereItGoes(Tx tx, Incident i) throws SQLException {
        if (incidents.conversation(tx.c, i.number()).isPresent()) {
            return "";
        }
        return outbox.creationFailure(tx.c, i.number())
                .map(why -> " in " + i.origin().name() + ", where it was declared: its own channel could not be created")
                .orElse("");
    }

    Ack severity(Tx tx, Caller caller, Incident i, String word) throws SQLException {
        SeverityLevel to = config.severity(word).orElseThrow();
        if (to.key().equals(i.severity())) {
            return Ack.reply(i.id() + " is already " + to.label() + ".");
        }
        String from = messages.label(i);
        Incident after = new Incident(i.number(), i.platform(), i.title(), to.key(), i.status(), i.drill(), i.impact(),
                i.declaredBy(), i.origin(), i.conversationName(), i.declaredAt(), i.roles(), i.milestones());
        tx.save(after);
        tx.event(after, caller.person(), new TimelineEvent.SeverityChanged(i.severity(), to.key()));
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

    Ack status(Tx tx, Caller caller, Incident i, Status to) throws SQLException {
        if (to == i.status()) {
            return Ack.reply(i.id() + " is already " + to.word() + ".");
        }
        Incident after = withStatus(i, to, to == Status.MITIGATED ? Milestone.MITIGATED : Milestone.ACKNOWLEDGED, tx.now);
        tx.save(after);
        if (!i.isAcknowledged()) {
            tx.event(after, caller.person(), new TimelineEvent.Acknowledged());
            tx.signal(after, f -> new IncidentSignal.Acknowledged(f, caller.person().displayName()));
        }
        tx.event(after, caller.person(), new TimelineEvent.StatusChanged(i.status().word(), to.word()));
        tx.post(after, messages.notice(after, Text.of(new Span.Plain("Status: " + to.label() + " (set by "),
                Span.Mention.of(caller.person()), new Span.Plain(")."))));
        tx.refreshSummary(after);
        return Ack.reply(i.id() + " is now " + to.word() + ".");
    }

    Ack customerUpdate(Tx tx, Caller caller, Incident i, String text) throws SQLException {
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

    Ack actionItem(Tx tx, Caller caller, Incident i, Command.ActionItem a) throws SQLException {
        String owner = a.owner().isEmpty() ? "" : person(caller, a.owner())
                .map(Person::displayName).orElse(a.owner());
        int n = incidents.addActionItem(tx.c, i.number(), a.text(), owner, a.due(), tx.now);
        tx.event(i, caller.person(), new TimelineEvent.ActionItemAdded(n, a.text(), owner, a.due()));
        tx.signal(i, f -> new IncidentSignal.ActionItemAdded(f, n, a.text(), owner, a.due()));
        tx.changed.put(i.number(), i);
        return Ack.reply("Action item " + n + " recorded on " + i.id() + ".");
    }

    Ack resolve(Tx tx, Caller caller, Incident i, Command.Resolve r) throws SQLException {
        Map<Milestone, Instant> milestones = new EnumMap<>(Milestone.class);
        milestones.putAll(i.milestones());
        milestones.putIfAbsent(Milestone.ACKNOWLEDGED, tx.now);
        milestones.putIfAbsent(Milestone.MITIGATED, tx.now);
        milestones.put(Milestone.RESOLVED, tx.now);
        Incident after = new Incident(i.number(), i.platform(), i.title(), i.severity(), Status.RESOLVED, i.drill(),
                i.impact(), i.declaredBy(), i.origin(), i.conversationName(), i.declaredAt(), i.roles(), milestones);
        tx.save(after);
        tx.event(after, caller.person(), new TimelineEvent.Resolved(r.solution(), r.rootCause(), r.followUp()));
        RichMessage resolution = messages.resolution(after, caller.person(), r.solution(), r.rootCause(), r.followUp(), tx.now);
        tx.post(after, resolution);
        tx.signal(after, f -> new IncidentSignal.Resolved(f, r.solution(), Optional.of(resolution)));
        tx.refreshSummary(after);
        tx.deliver(after, new Delivery.Rename(RESOLVED_PREFIX + i.conversationName()));
        return Ack.reply(i.id() + " is resolved. " + caller.platform().commandPrefix() + " export drafts the post-mortem.");
    }

    /**
     * Leaves, once each, the conversations of incidents on {@code platform} resolved more than {@code after} ago:
     * first it posts the post-mortem draft there and says where it is and how to get a fresh one. Returns how many.
     */
    public int leaveResolved(String platform, Duration after) {
        return write(tx -> {
            List<Long> due = incidents.resolvedAndNotLeft(tx.c, platform, tx.now.minus(after));
            for (long number : due) {
                Incident i = tx.load(number);
                String filename = i.id().toLowerCase(Locale.ROOT) + "-postmortem.md";
                tx.deliver(i, new Delivery.Upload(Delivery.Target.incident(), filename,
                        exporter.export(tx.c, i, "md", tx.now), "Post-mortem draft for " + i.id() + " (md)"));
                tx.post(i, messages.notice(i, Text.plain(i.id() + " was resolved more than "
                        + Durations.format(after) + " ago, so I am leaving this room. "
                        + "Its post-mortem draft is the file " + filename + " above; for a fresh one type "
                        + messages.wording().prefix(platform) + " export " + i.id() + " in any room I am in.")));
                tx.deliver(i, new Delivery.Leave());
                tx.event(i, BOT, new TimelineEvent.ConversationLeft(Durations.format(after)));
            }
            return due.size();
        });
    }

    Ack showTimeline(Tx tx, Incident i) throws SQLException {
        List<TimelineEntry> last = timeline.last(tx.c, i.number(), 30);
        StringBuilder s = new StringBuilder(i.id() + " timeline" + (last.size() == 30 ? " (last 30 events; " + messages.wording().prefix(i.platform()) + " export has all)" : "") + ":\n");
        for (TimelineEntry e : last) {
            s.append(IncidentMessages.preciseTime(e.at())).append("  ").append(e.actor().displayName()).append(": ")
                    .append(TypedText.plain(TimelineStore.decode(e).describe())).append('\n');
        }
        return Ack.reply(s.toString().stripTrailing());
    }

    Ack export(Tx tx, Caller caller, Incident i, String format) throws SQLException {
        tx.event(i, caller.person(), new TimelineEvent.ExportRequested(format));
        String content = exporter.export(tx.c, i, format, tx.now);
        String filename = i.id().toLowerCase(Locale.ROOT) + "-postmortem." + format;
        Delivery.Target where = caller.conversation().id().equals(incidents.conversation(tx.c, i.number()).map(cv -> cv.id()).orElse(""))
                ? Delivery.Target.incident() : Delivery.Target.conversation(caller.conversation());
        tx.deliver(i, new Delivery.Upload(where, filename, content, "Post-mortem draft for " + i.id() + " (" + format + ")"));
        return Ack.reply("Exporting the post-mortem draft of " + i.id() + " as " + filename + ".");
    }

    Ack list(Tx tx, Caller caller) throws SQLException {
        List<Incident> recent = incidents.recent(tx.c, 20);
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

    Incident resolve(Tx tx, Caller caller, IncidentRef ref) throws SQLException {
        if (ref instanceof IncidentRef.Numbered n) {
            return tx.load(n.number());
        }
        return incidents.findByConversation(tx.c, caller.platform().name(), caller.conversation().id())
                .orElseThrow(() -> new Rejected("This is not an incident channel. Name the incident, e.g. /incident update INC-7 ..., or run it in the incident's channel."));
    }

    static Incident open(Incident i) {
        if (!i.isOpen()) {
            throw new Rejected(i.id() + " is resolved. Notes, action items, the timeline and export still work; declare a new incident if it is back.");
        }
        return i;
    }

    private static Incident withStatus(Incident i, Status status, Milestone reached, Instant at) {
        Map<Milestone, Instant> milestones = new EnumMap<>(Milestone.class);
        milestones.putAll(i.milestones());
        milestones.putIfAbsent(reached, at);
        milestones.putIfAbsent(Milestone.ACKNOWLEDGED, at);
        return new Incident(i.number(), i.platform(), i.title(), i.severity(), status, i.drill(), i.impact(),
                i.declaredBy(), i.origin(), i.conversationName(), i.declaredAt(), i.roles(), milestones);
    }

    /** Everyone who is part of the incident: the declarer, role holders and anyone on its timeline. */
    public Set<String> participants(Connection c, Incident i) throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(i.declaredBy().id());
        i.roles().values().forEach(p -> ids.add(p.id()));
        timeline.forEach(c, i.number(), e -> ids.add(e.actor().id()));
        ids.remove(BOT.id());
        return ids;
    }
}
