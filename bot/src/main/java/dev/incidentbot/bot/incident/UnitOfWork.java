package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.SeverityLevel;
import dev.incidentbot.bot.core.Incident;
import dev.incidentbot.bot.core.IncidentEvent;
import dev.incidentbot.bot.core.Milestone;
import dev.incidentbot.bot.core.Transition;
import dev.incidentbot.bot.outbox.Delivery;
import dev.incidentbot.bot.outbox.OutboxStore;
import dev.incidentbot.bot.store.InboundLog;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.integration.IncidentFacts;
import dev.incidentbot.integration.IncidentSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One engine transaction: its clock reading, the repositories, and the intent-level writes of the use cases (a
 * transition with its timeline events, outbox rows, integration signals). Remembers which incidents it changed, so
 * their reminders are re-planned after the commit, and what to run once committed.
 */
public final class UnitOfWork extends Repositories {
    /** What the unit of work writes through besides the stores. */
    record Wiring(BotConfig config, IncidentMessages messages, OutboxStore outbox, IntegrationHook integrations,
                  ConversationLinks links) {
    }

    private final Connection c;
    private final IncidentStore incidents = new IncidentStore();
    private final TimelineStore timeline = new TimelineStore();
    private final InboundLog inbound = new InboundLog();
    private final Instant now;
    private final Wiring wiring;
    private final Map<Long, Incident> changed = new HashMap<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private boolean wroteOutbox;

    UnitOfWork(Connection c, Instant now, Wiring wiring) {
        super(c);
        this.c = c;
        this.now = now;
        this.wiring = wiring;
    }

    /** The transaction's one clock reading: every row it writes carries it. */
    public Instant now() {
        return now;
    }

    /** The next free incident number. */
    long nextNumber() throws SQLException {
        return incidents.nextNumber(c);
    }

    /** Records a platform's delivery id; false if it was seen before (a retried delivery). */
    boolean firstTime(String platform, String deliveryId) throws SQLException {
        return inbound.firstTime(c, platform, deliveryId, now);
    }

    /** Adds an action item; returns its number within the incident. */
    int addActionItem(long number, String text, String owner, String due) throws SQLException {
        return incidents.addActionItem(c, number, text, owner, due, now);
    }

    /** Resolved incidents on {@code platform} resolved before {@code cutoff} whose conversations the bot has not left. */
    List<Long> resolvedAndNotLeft(String platform, Instant cutoff) throws SQLException {
        return incidents.resolvedAndNotLeft(c, platform, cutoff);
    }

    /** Store a new incident (a declare's transition) and record its events. */
    void open(Transition declared) throws SQLException {
        incidents.insert(c, declared.after());
        touched(declared.after());
        recordEvents(declared);
    }

    /**
     * Store {@code t}'s new state and record its events on the timeline. An acknowledgement is also told to the
     * integrations, whichever command brought it.
     */
    public void apply(Transition t) throws SQLException {
        save(t.after());
        recordEvents(t);
    }

    private void recordEvents(Transition t) throws SQLException {
        for (IncidentEvent e : t.events()) {
            event(t.after(), t.by(), TimelineEncoding.of(e));
            if (e instanceof IncidentEvent.Acknowledged) {
                signal(t.after(), f -> new IncidentSignal.Acknowledged(f, t.by().displayName()));
            }
        }
    }

    public void event(Incident i, Person actor, TimelineEvent event) throws SQLException {
        timeline.append(c, i.number(), actor, now, event);
    }

    public void save(Incident i) throws SQLException {
        incidents.save(c, i, now);
        changed.put(i.number(), i);
    }

    public void deliver(Incident i, Delivery delivery) throws SQLException {
        wiring.outbox().enqueue(c, OutboxStore.laneOf(i.number()), i.platform(), i.number(), delivery, now);
        wroteOutbox = true;
    }

    public void post(Incident i, RichMessage message) throws SQLException {
        deliver(i, new Delivery.Post(Delivery.Target.incident(), message, ""));
    }

    /** Add a row in a lane and under a platform name of the caller's choosing (integration calls); returns its id. */
    public long enqueue(Incident i, String lane, String platform, Delivery delivery) throws SQLException {
        long id = wiring.outbox().enqueue(c, lane, platform, i.number(), delivery, now);
        wroteOutbox = true;
        return id;
    }

    /** A row outside any incident's lane (an answer sent later); {@code lane} is its own. */
    void enqueueAlone(String lane, String platform, Delivery delivery) throws SQLException {
        wiring.outbox().enqueue(c, lane, platform, 0, delivery, now);
        wroteOutbox = true;
    }

    /** Why the incident's own conversation could not be created, if that is so. */
    Optional<String> creationFailure(long number) throws SQLException {
        return wiring.outbox().creationFailure(c, number);
    }

    /** Tell the integrations what happened to {@code i}; returns how many calls they asked for. */
    public int signal(Incident i, Function<IncidentFacts, IncidentSignal> signal) throws SQLException {
        return wiring.integrations().signal(this, i, signal.apply(facts(i)));
    }

    private IncidentFacts facts(Incident i) throws SQLException {
        SeverityLevel sev = wiring.config().severityByKey(i.severity());
        return new IncidentFacts(i.id(), i.number(), i.title(), sev.key(), sev.name(), i.status().word(), i.drill(),
                i.impact(), i.declaredAt(), i.milestone(Milestone.RESOLVED), i.conversationName(),
                conversation(i.number()).flatMap(conversation -> wiring.links().of(i.platform(), conversation)));
    }

    /** Keep the pinned initial message and the topic in step with the incident. */
    public void refreshSummary(Incident i) throws SQLException {
        deliver(i, new Delivery.Update(IncidentService.INITIAL, wiring.messages().initial(i)));
        deliver(i, new Delivery.SetTopic(wiring.messages().topic(i)));
    }

    /** Run {@code work} once this transaction has committed (never if it rolls back): e.g. start a process. */
    public void afterCommit(Runnable work) {
        afterCommit.add(work);
    }

    /** Mark {@code i} as changed by this transaction, so its reminders are re-planned after the commit. */
    public void touched(Incident i) {
        changed.put(i.number(), i);
    }

    Map<Long, Incident> changed() {
        return changed;
    }

    List<Runnable> afterCommitWork() {
        return afterCommit;
    }

    boolean wroteOutbox() {
        return wroteOutbox;
    }
}
