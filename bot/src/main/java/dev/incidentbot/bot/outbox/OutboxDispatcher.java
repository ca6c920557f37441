package dev.incidentbot.bot.outbox;

import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.IntegrationCallStore;
import dev.incidentbot.bot.store.StoredExternalRefs;
import dev.incidentbot.bot.store.MessageRefStore;
import dev.incidentbot.bot.store.RepeatedErrorLog;
import dev.incidentbot.bot.store.StoreException;
import dev.incidentbot.bot.store.TimelineStore;
import dev.incidentbot.bot.timeline.TimelineEvent;
import dev.incidentbot.chat.Attempt;
import dev.incidentbot.chat.Block;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.chat.MessageRef;
import dev.incidentbot.chat.Person;
import dev.incidentbot.chat.RichMessage;
import dev.incidentbot.chat.Span;
import dev.incidentbot.chat.Text;
import dev.incidentbot.integration.CallOutcome;
import dev.incidentbot.integration.Integration;
import dev.incidentbot.integration.OutboundCall;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs outbox rows against the chat platforms: in order within a lane (one lane per incident), lanes in
 * parallel; retries with exponential backoff, honouring a platform's Retry-After; keeps going after a restart because
 * everything it needs is in the table. A permanent failure is recorded on the timeline and the lane moves on.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    /** A row that fails with unexpected errors this often is set aside rather than tried forever. */
    static final int MAX_UNEXPECTED_TRIES = 5;
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final Person BOT = new Person("incident-bot", "incident-bot");
    /** At most this many rows of one lane at once (a declaration has five or six independent ones). */
    private static final int MAX_TOGETHER = 8;
    // Waves one worker performs for one lane before it lets other lanes have a turn.
    private static final int MAX_WAVES = 8;
    static final String UNREADABLE = "unreadable";
    static final String NO_PLATFORM = "no_platform";
    static final String UNEXPECTED = "unexpected_error";

    private final Database db;
    private final OutboxStore outbox;
    private final IncidentStore incidents = new IncidentStore();
    private final MessageRefStore refs = new MessageRefStore();
    private final TimelineStore timeline = new TimelineStore();
    private final Map<String, ChatPlatform> platforms;
    private volatile Map<String, Integration> integrations = Map.of();
    private final IntegrationCallStore integrationCalls = new IntegrationCallStore();
    private final Clock clock;
    private final String installation;
    private final DeliveryListener listener;
    private final LaneClaims lanes;
    private final Set<String> busyLanes = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    /** Runs the rows performed beside a lane's head; unbounded because each lane waits for its own. */
    private final ExecutorService alongside = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "outbox-alongside");
        t.setDaemon(true);
        return t;
    });
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean woken;
    private volatile boolean running;
    private Thread loop;
    private final Map<Long, Unrecorded> unrecorded = new ConcurrentHashMap<>();
    private final Set<String> crashed = ConcurrentHashMap.newKeySet();
    private volatile Predicate<OutboxRow> crashAfterSend = row -> false;
    private final RepeatedErrorLog loopErrors = new RepeatedErrorLog(log, Duration.ofMinutes(1));
    private long lastProbe;
    private final PlatformOutages outages = new PlatformOutages();

    /** Told about each delivery outcome, for metrics. */
    public interface DeliveryListener {
        void delivered(OutboxRow row);

        void failed(OutboxRow row, DeliveryException error, boolean permanent);
    }

    public OutboxDispatcher(Database db, OutboxStore outbox, Map<String, ChatPlatform> platforms, Clock clock,
                            String installation, int workerCount, DeliveryListener listener) {
        this(db, outbox, platforms, clock, installation, workerCount, listener, LaneClaims.EVERY_LANE);
    }

    /** With {@code lanes} deciding which lanes are this replica's to perform (see {@link LeasedLanes}). */
    public OutboxDispatcher(Database db, OutboxStore outbox, Map<String, ChatPlatform> platforms, Clock clock,
                            String installation, int workerCount, DeliveryListener listener, LaneClaims lanes) {
        this.lanes = lanes;
        this.db = db;
        this.outbox = outbox;
        this.platforms = Map.copyOf(platforms);
        this.clock = clock;
        this.installation = installation;
        this.listener = listener;
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "outbox-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** The integrations whose calls this dispatcher performs (set before {@link #start}). */
    public void attachIntegrations(Map<String, Integration> byName) {
        this.integrations = Map.copyOf(byName);
    }

    public void start() {
        try {
            int released = outbox.release(NO_PLATFORM, platforms.keySet(), clock.instant());
            if (released > 0) {
                log.info("{} outbox rows set aside while their platform was not running are back in line", released);
            }
        } catch (StoreException e) {
            log.warn("could not release rows set aside for a platform that runs now: {}", e.getMessage());
        }
        running = true;
        loop = new Thread(this::run, "outbox-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    public boolean isRunning() {
        return running && loop != null && loop.isAlive();
    }

    /** Look at the table now rather than at the next poll: a use case just committed rows. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wait until nothing is pending (or only rows waiting out a long backoff), at most {@code timeout}. */
    public boolean drain(Duration timeout) {
        // A real wait, so measured on the monotonic clock: the engine's clock may be a test clock that stands still.
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (outbox.pendingCount(performers()) == 0 && busyLanes.isEmpty()) {
                return true;
            }
            wake();
            lock.lock();
            try {
                wake.await(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                lock.unlock();
            }
        }
        return outbox.pendingCount(performers()) == 0;
    }

    /** The outbox platform names this dispatcher can perform: chat platforms and integrations. */
    private Set<String> performers() {
        Set<String> all = new java.util.HashSet<>(platforms.keySet());
        integrations.keySet().forEach(n -> all.add(Delivery.Call.platformOf(n)));
        return all;
    }

    private void run() {
        while (running) {
            try {
                if (storageWritable()) {
                    recordUnrecorded();
                    for (OutboxRow row : lanes.claim(outbox.dueHeads(clock.instant(), Set.copyOf(busyLanes), 32,
                            this::setAsideUnreadable))) {
                        busyLanes.add(row.lane());
                        workers.submit(() -> {
                            try {
                                performLane(row);
                            } finally {
                                if (!hasUnrecorded(row.lane()) && !crashed.contains(row.lane())) {
                                    busyLanes.remove(row.lane());
                                }
                                wake();
                            }
                        });
                    }
                }
                sleepUntilWorkMayBeDue();
            } catch (RuntimeException e) {
                loopErrors.error("loop", "outbox dispatcher loop failed; retrying in a second", e);
                pause(IDLE_POLL);
            }
        }
    }

    /**
     * While writes fail nothing is sent: a send that cannot be recorded would be sent again. A small write once a
     * second notices when the fault is over.
     */
    private boolean storageWritable() {
        if (db.health().writable()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastProbe >= IDLE_POLL.toNanos()) {
            lastProbe = now;
            return db.probeWrite();
        }
        return false;
    }

    /** Rows sent while the database could not record it: record them now, so their lanes move on without resending. */
    private void recordUnrecorded() {
        for (Unrecorded u : List.copyOf(unrecorded.values())) {
            if (record(u.row(), u.after())) {
                unrecorded.remove(u.row().id());
                if (!hasUnrecorded(u.row().lane())) {
                    busyLanes.remove(u.row().lane());
                }
            }
        }
    }

    /** Rows of one lane may go out together ({@link IndependentRows}), so several of a lane can await recording. */
    private boolean hasUnrecorded(String lane) {
        return unrecorded.values().stream().anyMatch(u -> u.row().lane().equals(lane));
    }

    private void sleepUntilWorkMayBeDue() {
        Duration wait = IDLE_POLL;
        Optional<Instant> next = outbox.nextDue();
        if (next.isPresent()) {
            Duration untilDue = Duration.between(clock.instant(), next.get());
            wait = untilDue.isNegative() ? Duration.ofMillis(50) : (untilDue.compareTo(IDLE_POLL) < 0 ? untilDue : IDLE_POLL);
        }
        lock.lock();
        try {
            if (!woken) {
                wake.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Performs {@code head} and, at the same time, the rows right behind it that do not depend on it or on each other
     * ({@link IndependentRows}), each chain in its order; returns when all are done.
     */
    private boolean performFrom(OutboxRow head) {
        List<List<OutboxRow>> chains = List.of(List.of(head));
        if (head.incident() != 0 && !(head.delivery() instanceof Delivery.CreateConversation)) {
            Optional<ConversationRef> conversation = db.read(c -> incidents.conversation(c, head.incident()));
            List<OutboxRow> pending = outbox.dueInLane(head.lane(), clock.instant(), MAX_TOGETHER);
            if (!pending.isEmpty() && pending.get(0).id() == head.id()) {
                chains = IndependentRows.leading(pending, conversation);
            }
        }
        if (chains.size() == 1 && chains.get(0).size() == 1) {
            return perform(head, Optional.empty());
        }
        // One write marks every chain's first row as begun, rather than one write each before its send.
        Set<Long> begunEarlier;
        try {
            begunEarlier = outbox.markStarted(chains.stream().map(chain -> chain.get(0).id()).toList(), clock.instant());
        } catch (StoreException e) {
            return false; // nothing sent; the dispatcher waits until writes work again
        }
        List<CompletableFuture<Boolean>> all = new ArrayList<>();
        for (List<OutboxRow> chain : chains.subList(1, chains.size())) {
            all.add(CompletableFuture.supplyAsync(() -> performInOrder(chain, begunEarlier), alongside));
        }
        boolean delivered = performInOrder(chains.get(0), begunEarlier);
        for (CompletableFuture<Boolean> other : all) {
            delivered &= other.join();
        }
        return delivered;
    }

    /** Each row only once the one before it was delivered; the rest waits for the lane's next turn. */
    private boolean performInOrder(List<OutboxRow> chain, Set<Long> begunEarlier) {
        if (!perform(chain.get(0), Optional.of(begunEarlier.contains(chain.get(0).id())))) {
            return false;
        }
        for (OutboxRow row : chain.subList(1, chain.size())) {
            if (!perform(row, Optional.empty())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The lane's rows wave after wave while each wave was delivered and more are due, on this worker: a declaration's
     * pin follows its post, and the topic and invites its channel, without a trip back through the dispatcher loop.
     */
    private void performLane(OutboxRow head) {
        OutboxRow next = head;
        for (int wave = 1; performFrom(next) && wave < MAX_WAVES; wave++) {
            List<OutboxRow> due;
            try {
                due = outbox.dueInLane(head.lane(), clock.instant(), 1);
            } catch (StoreException e) {
                return;
            }
            if (due.isEmpty()) {
                return;
            }
            next = due.get(0);
        }
    }

    /**
     * Send {@code row} and record it; true if it was delivered and recorded. {@code begunEarlier} is given when the
     * attempt was already marked as begun (and says whether an earlier one had been).
     */
    private boolean perform(OutboxRow row, Optional<Boolean> begunEarlier) {
        ChatPlatform platform = platforms.get(row.platform());
        boolean earlierMayHaveLanded;
        try {
            earlierMayHaveLanded = begunEarlier.isPresent() ? begunEarlier.get()
                    : outbox.markStarted(row.id(), clock.instant());
        } catch (StoreException e) {
            return false; // nothing sent; the dispatcher waits until writes work again
        }
        if (platform == null && !(row.delivery() instanceof Delivery.Call)) {
            setAside(row.id(), row.incident(), NO_PLATFORM, row.delivery().describe(), "platform " + row.platform()
                    + " is not running in this process; it is sent when the bot runs with " + row.platform() + " again");
            return false;
        }
        Consequence after;
        try {
            after = row.delivery() instanceof Delivery.Call call ? call(row, call.call())
                    : deliver(platform, row, new Attempt(installation + "-" + row.id(), earlierMayHaveLanded));
        } catch (DeliveryException.Permanent e) {
            log.warn("giving up on {} for {} (outbox {}): {}", row.delivery().describe(), row.lane(), row.id(), e.getMessage());
            recordQuietly(row, () -> db.inTransaction(c -> {
                outbox.markFailed(c, row.id(), clock.instant(), e.getMessage());
                if (row.incident() != 0) {
                    timeline.append(c, row.incident(), BOT, clock.instant(),
                            new TimelineEvent.DeliveryFailed(row.delivery().describe(), String.valueOf(e.getMessage())));
                }
                return null;
            }));
            listener.failed(row, e, true);
            return false;
        } catch (DeliveryException.Retryable e) {
            Duration backoff = outages.failed(row.platform(), row.lane(), row.attempts(), e.retryAfter(), clock.instant());
            log.info("{} for {} failed ({}); retrying in {} ms", row.delivery().describe(), row.lane(), e.getMessage(), backoff.toMillis());
            recordQuietly(row, () -> outbox.markRetry(row.id(), clock.instant().plus(backoff), e.getMessage()));
            listener.failed(row, e, false);
            return false;
        } catch (StoreException e) {
            // Reading what the delivery needs failed: nothing was sent; the row is tried again once writes work.
            return false;
        } catch (RuntimeException e) {
            if (row.attempts() + 1 >= MAX_UNEXPECTED_TRIES) {
                log.error("outbox {} failed {} times with unexpected errors; setting it aside", row.id(), MAX_UNEXPECTED_TRIES, e);
                setAside(row.id(), row.incident(), UNEXPECTED, row.delivery().describe(),
                        MAX_UNEXPECTED_TRIES + " tries failed with an unexpected error: " + e);
                listener.failed(row, new DeliveryException.Permanent(e.toString(), e), true);
                return false;
            }
            // A bug or an unexpected platform error: keep the row and retry slowly rather than lose the message.
            Duration backoff = backoff(row.attempts(), Optional.empty());
            log.error("unexpected error delivering outbox {}; retrying in {} ms", row.id(), backoff.toMillis(), e);
            recordQuietly(row, () -> outbox.markRetry(row.id(), clock.instant().plus(backoff), e.toString()));
            listener.failed(row, new DeliveryException.Retryable(e.toString(), e), false);
            return false;
        }
        if (crashAfterSend.test(row)) {
            crashed.add(row.lane());
            return false;
        }
        if (!record(row, after)) {
            unrecorded.put(row.id(), new Unrecorded(row, after));
            return false;
        }
        outages.succeeded(row.platform(), clock.instant()).ifPresent(at -> {
            // The platform answers again: every lane waiting out its own backoff may go now (or when Retry-After ends).
            recordQuietly(row, () -> log.info("{} answers again; {} waiting rows are due at {}", row.platform(),
                    outbox.wakeWaiting(row.platform(), at), at));
            wake();
        });
        return true;
    }

    private void setAsideUnreadable(OutboxStore.UnreadableRow row) {
        setAside(row.id(), row.incident(), UNREADABLE, "outbox row " + row.id(), "this version cannot read it: " + row.error());
    }

    /** Quarantine a row: recorded on the incident's timeline, counted, shown on /readyz; its lane moves on. */
    private void setAside(long id, long incident, String reason, String what, String why) {
        log.warn("setting outbox {} aside ({}): {}", id, reason, why);
        try {
            db.inTransaction(c -> {
                outbox.quarantine(c, id, reason, clock.instant(), why);
                if (incident != 0) {
                    timeline.append(c, incident, BOT, clock.instant(), new TimelineEvent.DeliveryFailed(what, why));
                }
                return null;
            });
        } catch (StoreException e) {
            log.debug("could not set outbox {} aside now: {}", id, e.getMessage());
        }
    }

    /** Mark {@code row} delivered with what its delivery produced; false if the database would not take it. */
    private boolean record(OutboxRow row, Consequence after) {
        try {
            db.inTransaction(c -> {
                after.record(c);
                outbox.markDelivered(c, row.id(), clock.instant());
                return null;
            });
        } catch (StoreException e) {
            return false;
        }
        listener.delivered(row);
        return true;
    }

    /** The database logs the fault (once a minute); the row stays pending and is tried again when writes work. */
    private static void recordQuietly(OutboxRow row, Runnable write) {
        try {
            write.run();
        } catch (StoreException e) {
            log.debug("could not record the outcome of outbox {}: {}", row.id(), e.getMessage());
        }
    }

    /** A delivery that happened but could not be recorded yet; its lane waits for it. */
    private record Unrecorded(OutboxRow row, Consequence after) { }

    /**
     * Test seam for "the process died between sending and recording": when {@code when} holds for a row, the row is
     * sent and then neither recorded nor retried by this process, as if it had been killed; its lane stops.
     */
    public void crashAfterSend(Predicate<OutboxRow> when) {
        this.crashAfterSend = when;
    }

    static Duration backoff(int attempts, Optional<Duration> retryAfter) {
        return PlatformOutages.backoff(attempts, retryAfter);
    }

    /** What to store once a delivery succeeded, in the same transaction that marks the row delivered. */
    @FunctionalInterface
    private interface Consequence {
        void record(Connection c) throws SQLException;
    }

    /** Perform an integration call; on success record its reference and a timeline line with the row. */
    private Consequence call(OutboxRow row, OutboundCall call) {
        Integration integration = integrations.get(call.integration());
        if (integration == null) {
            throw new DeliveryException.Retryable("integration " + call.integration() + " is not configured in this run", null);
        }
        CallOutcome outcome = integration.perform(call,
                new StoredExternalRefs(db, row.incident(), call.integration(), clock));
        return c -> {
            if (outcome.externalRef().isPresent()) {
                integrationCalls.storeRef(c, row.incident(), call.integration(), call.idempotencyKey(),
                        outcome.externalRef().get(), clock.instant());
            }
            if (row.incident() != 0 && outcome.performed()) {
                timeline.append(c, row.incident(), BOT, clock.instant(), new TimelineEvent.IntegrationCalled(
                        call.integration(), call.action(), outcome.timelineLine().orElse(call.summary()),
                        outcome.externalRef().orElse("")));
            }
        };
    }

    private Consequence deliver(ChatPlatform platform, OutboxRow row, Attempt attempt) {
        Delivery d = row.delivery();
        if (d instanceof Delivery.CreateConversation create) {
            ConversationRef created = platform.createConversation(create.spec(), attempt);
            return c -> incidents.setConversation(c, row.incident(), created);
        }
        if (d instanceof Delivery.Reply reply) {
            platform.reply(reply.handle(), reply.message(), reply.ephemeral());
            return c -> { };
        }
        if (d instanceof Delivery.Post post) {
            Destination to = destination(post.target(), row);
            MessageRef ref = platform.post(to.where(), to.explained(post.message()), attempt);
            return post.refKey().isEmpty() ? c -> { } : c -> refs.save(c, row.incident(), post.refKey(), ref);
        }
        if (d instanceof Delivery.Announce announce) {
            // Announce even when the incident conversation could not be created: people must still hear of it.
            Optional<ConversationRef> incident = db.read(c -> incidents.conversation(c, row.incident()));
            RichMessage message = incident.isPresent() ? withLink(announce.message(), incident.get())
                    : announce.message().withBlock(new Block.Paragraph(Text.plain(
                            "(the incident channel could not be created; follow it here)")));
            platform.post(announce.where(), message, attempt);
            return c -> { };
        }
        if (d instanceof Delivery.Update update) {
            platform.update(messageRef(row, update.refKey()), update.message());
            return c -> { };
        }
        if (d instanceof Delivery.Pin pin) {
            platform.pin(messageRef(row, pin.refKey()));
            return c -> { };
        }
        if (d instanceof Delivery.Invite || d instanceof Delivery.SetTopic || d instanceof Delivery.SetModerator
                || d instanceof Delivery.Rename || d instanceof Delivery.Leave) {
            Destination to = destination(Delivery.Target.incident(), row);
            if (to.fallback().isPresent()) {
                // These belong to the incident's own conversation, never to the one where it was declared.
                log.info("{} of INC-{} skipped: it has no conversation of its own", d.describe(), row.incident());
                return c -> { };
            }
            if (d instanceof Delivery.Invite invite) {
                platform.invite(to.where(), invite.targets(), invite.reason());
            } else if (d instanceof Delivery.SetTopic topic) {
                platform.setTopic(to.where(), topic.topic());
            } else if (d instanceof Delivery.SetModerator mod) {
                platform.setModerator(to.where(), mod.person(), mod.moderator());
            } else if (d instanceof Delivery.Rename rename) {
                platform.renameConversation(to.where(), rename.name());
            } else {
                platform.leaveConversation(to.where());
            }
            return c -> { };
        }
        if (d instanceof Delivery.Upload upload) {
            Destination to = destination(upload.target(), row);
            platform.upload(to.where(), upload.filename(), upload.content().getBytes(StandardCharsets.UTF_8),
                    to.fallback().map(why -> upload.comment() + " " + why).orElse(upload.comment()), attempt);
            return c -> { };
        }
        throw new IllegalStateException("unknown delivery " + d);
    }

    private static RichMessage withLink(RichMessage message, ConversationRef conversation) {
        List<Block> blocks = new ArrayList<>(message.blocks());
        if (!blocks.isEmpty() && blocks.get(blocks.size() - 1) instanceof Block.Paragraph p) {
            blocks.set(blocks.size() - 1, new Block.Paragraph(
                    p.text().append(new Span.ConversationLink(conversation))));
        } else {
            blocks.add(new Block.Paragraph(
                    Text.of(new Span.ConversationLink(conversation))));
        }
        return new RichMessage(message.header(), blocks, message.actions(), message.context());
    }

    /**
     * Where a message goes: its conversation, or the incident's own; when that could not be created (for good), the
     * conversation where the incident was declared, with a line saying so, rather than nowhere.
     */
    private record Destination(ConversationRef where, Optional<String> fallback) {
        RichMessage explained(RichMessage message) {
            return fallback.map(line -> message.withBlock(new Block.Paragraph(Text.plain(line)))).orElse(message);
        }
    }

    private Destination destination(Delivery.Target target, OutboxRow row) {
        if (target instanceof Delivery.Target.Conversation c) {
            return new Destination(c.ref(), Optional.empty());
        }
        return db.read(c -> {
            Optional<ConversationRef> own = incidents.conversation(c, row.incident());
            if (own.isPresent()) {
                return new Destination(own.get(), Optional.empty());
            }
            Optional<String> why = outbox.creationFailure(c, row.incident());
            Optional<ConversationRef> origin = incidents.find(c, row.incident()).map(i -> i.origin());
            if (why.isEmpty() || origin.isEmpty()) {
                throw new DeliveryException.Permanent("the incident conversation for INC-" + row.incident() + " was never created");
            }
            return new Destination(origin.get(), Optional.of("(INC-" + row.incident()
                    + "'s own channel could not be created (" + why.get() + "), so it continues here.)"));
        });
    }

    private MessageRef messageRef(OutboxRow row, String key) {
        return db.read(c -> refs.find(c, row.incident(), key)).orElseThrow(() ->
                new DeliveryException.Permanent("message " + key + " of INC-" + row.incident() + " was never posted"));
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (loop != null) {
            try {
                loop.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdown();
        alongside.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lanes.close();
    }
}
