package dev.incidentbot.bot.outbox;

import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.RepeatedErrorLog;
import dev.incidentbot.bot.store.StoreException;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.DeliveryException;
import dev.incidentbot.integration.Integration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    static final String UNREADABLE = "unreadable";

    private final Database db;
    private final OutboxStore outbox;
    private final Map<String, ChatPlatform> platforms;
    private final Clock clock;
    private final LaneClaims lanes;
    private final DeliveryPerformer performer;
    private final OutboxRecords records;
    private final HeldLanes held = new HeldLanes();
    private final LaneRunner runner;
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
    private final RepeatedErrorLog loopErrors = new RepeatedErrorLog(log, Duration.ofMinutes(1));
    private long lastProbe;

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
        this.performer = new DeliveryPerformer(db, outbox, clock);
        this.records = new OutboxRecords(db, outbox, clock, listener);
        this.runner = new LaneRunner(db, outbox, this.platforms, performer, records, held, clock, installation,
                alongside, this::wake);
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "outbox-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** The integrations whose calls this dispatcher performs (set before {@link #start}). */
    public void attachIntegrations(Map<String, Integration> byName) {
        performer.attachIntegrations(byName);
    }

    public void start() {
        try {
            int released = new QuarantinedRows(db).release(LaneRunner.NO_PLATFORM, platforms.keySet(), clock.instant());
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
        performer.integrations().keySet().forEach(n -> all.add(Delivery.Call.platformOf(n)));
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
                                runner.performLane(row);
                            } finally {
                                if (!held.holds(row.lane())) {
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
        busyLanes.removeAll(held.recordWith(records));
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

    private void setAsideUnreadable(OutboxStore.UnreadableRow row) {
        records.setAside(row.id(), row.incident(), UNREADABLE, "outbox row " + row.id(), "this version cannot read it: " + row.error());
    }

    /**
     * Test seam for "the process died between sending and recording": when {@code when} holds for a row, the row is
     * sent and then neither recorded nor retried by this process, as if it had been killed; its lane stops.
     */
    public void crashAfterSend(Predicate<OutboxRow> when) {
        runner.crashAfterSend(when);
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
