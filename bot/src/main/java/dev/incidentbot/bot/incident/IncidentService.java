package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.core.BotActor;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.core.Command;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.Rejected;
import dev.incidentbot.bot.outbox.Delivery;
import dev.incidentbot.bot.outbox.OutboxStore;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.chat.Ack;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.ReplyHandle;
import dev.incidentbot.chat.RichMessage;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's entry: runs each use case as one {@link UnitOfWork} that writes the state change, its timeline events
 * and the outbox rows for the chat side effects; nothing here calls a chat platform. The answer is the {@link Ack} for
 * the sender. The use cases themselves are the handlers {@link CommandHandlers} dispatches to.
 */
public final class IncidentService {
    private static final Logger log = LoggerFactory.getLogger(IncidentService.class);
    public static final String INITIAL = "initial";
    public static final Person BOT = BotActor.PERSON;
    /** What a resolved incident's conversation name starts with, where the platform can rename it. */
    public static final String RESOLVED_PREFIX = "[resolved] ";

    private final Database db;
    private final BotConfig config;
    private final Clock clock;
    private final IncidentMessages messages;
    private final OutboxStore outbox;
    private final Runnable outboxWritten;
    private final UseCases cases;
    // SQLite has one writer at a time; queueing here keeps engine writers off its busy handler.
    private final ReentrantLock writer = new ReentrantLock(true);
    private volatile ReminderPlanner planner = ReminderPlanner.NONE;
    private volatile DiagnosticsHandler diagnostics = DiagnosticsHandler.NONE;
    private final Map<Long, Incident> unplanned = new ConcurrentHashMap<>();
    private volatile IntegrationHook integrations = IntegrationHook.NONE;
    private volatile ConversationLinks links = ConversationLinks.NONE;

    public IncidentService(Database db, BotConfig config, Clock clock, IncidentMessages messages,
                           TimelineExporter exporter, OutboxStore outbox, Runnable outboxWritten) {
        this.db = db;
        this.config = config;
        this.clock = clock;
        this.messages = messages;
        this.outbox = outbox;
        this.outboxWritten = outboxWritten;
        this.cases = new UseCases(new DeclareHandler(config, messages), new ResponderHandler(messages),
                new ProgressHandler(config, messages), new ResolveHandler(messages, exporter), new NoteHandler(),
                new ReportHandler(messages, exporter));
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
                if (repeated(tx, caller)) {
                    return new Outcome(Ack.silent(), Outcome.Kind.DUPLICATE);
                }
                return new Outcome(command.accept(new CommandHandlers(cases, tx, caller, diagnostics)), Outcome.Kind.APPLIED);
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

    private boolean repeated(UnitOfWork tx, Caller caller) throws SQLException {
        return !caller.deliveryId().isEmpty()
                && !tx.firstTime(caller.platform().name(), caller.deliveryId());
    }

    /** A reaction on a message in an incident conversation puts that message on the timeline. */
    public Outcome pin(Caller caller, Person author, String text, String permalink) {
        return write(tx -> {
            if (repeated(tx, caller)) {
                return new Outcome(Ack.silent(), Outcome.Kind.DUPLICATE);
            }
            boolean pinned = cases.notes().pin(tx, caller, author, text, permalink);
            return new Outcome(Ack.silent(), pinned ? Outcome.Kind.APPLIED : Outcome.Kind.REJECTED);
        });
    }

    /** Answer {@code caller} later, through the outbox: for results that missed the platform's acknowledgement window. */
    public void replyLater(Caller caller, RichMessage message) {
        replyLater(caller.platform(), caller.reply(), message);
    }

    /** As above, for an answer a platform could not send itself. */
    public void replyLater(ChatPlatform platform, ReplyHandle reply, RichMessage message) {
        write(tx -> {
            tx.enqueueAlone("reply-" + UUID.randomUUID(), platform.name(), new Delivery.Reply(reply, message, true));
            return null;
        });
    }

    /**
     * Run {@code work} as one engine transaction with the same guarantees as a command; for the reminder jobs,
     * which change incidents without a caller. A {@link Rejected} thrown by {@code work} rolls everything back.
     */
    public <T> T write(Work<T> work) {
        UnitOfWork tx;
        T result;
        writer.lock();
        try {
            Instant now = clock.instant();
            UnitOfWork.Wiring wiring = new UnitOfWork.Wiring(config, messages, outbox, integrations, links);
            UnitOfWork[] holder = new UnitOfWork[1];
            result = db.inTransaction(c -> {
                holder[0] = new UnitOfWork(c, now, wiring);
                return work.run(holder[0]);
            });
            tx = holder[0];
        } finally {
            writer.unlock();
        }
        // Committed: from here nothing may turn the answer into "failed". What cannot be done now is done later.
        if (tx.wroteOutbox()) {
            outboxWritten.run();
        }
        replan(tx.changed());
        for (Runnable next : tx.afterCommitWork()) {
            try {
                next.run();
            } catch (RuntimeException e) {
                log.error("work after a committed transaction failed", e);
            }
        }
        return result;
    }

    private void replan(Map<Long, Incident> changed) {
        Map<Long, Incident> toPlan = new LinkedHashMap<>(unplanned);
        toPlan.putAll(changed);
        for (Incident incident : toPlan.values()) {
            try {
                planner.replan(incident);
                unplanned.remove(incident.number());
            } catch (RuntimeException e) {
                // Planning reads and writes the database; it is tried again after the next write that succeeds.
                unplanned.put(incident.number(), incident);
                log.warn("reminders for {} not planned yet: {}", incident.id(), e.getMessage());
            }
        }
    }

    public Optional<Incident> find(long number) {
        return db.read(c -> new Repositories(c).find(number));
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(UnitOfWork tx) throws SQLException;
    }

    /** A read through the engine's repositories, outside any transaction of the engine's. */
    @FunctionalInterface
    public interface Query<T> {
        T run(Repositories repositories) throws SQLException;
    }

    /** Read through the engine's database (no transaction of its own). */
    public <T> T read(Query<T> query) {
        return db.read(c -> query.run(new Repositories(c)));
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
            Incident i = cases.declaring().declareIncident(tx, caller, d);
            onDeclared.run(tx, i);
            return i.number();
        });
    }

    /** Finds an incident inside a transaction. */
    @FunctionalInterface
    public interface Lookup {
        Optional<Long> find(UnitOfWork tx) throws SQLException;
    }

    /** More work in a declare's transaction. */
    @FunctionalInterface
    public interface Declared {
        void run(UnitOfWork tx, Incident declared) throws SQLException;
    }

    /**
     * Leaves, once each, the conversations of incidents on {@code platform} resolved more than {@code after} ago:
     * first it posts the post-mortem draft there and says where it is and how to get a fresh one. Returns how many.
     */
    public int leaveResolved(String platform, Duration after) {
        return write(tx -> cases.resolution().leaveResolved(tx, platform, after));
    }
}
