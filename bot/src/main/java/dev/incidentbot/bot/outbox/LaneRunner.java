package dev.incidentbot.bot.outbox;

import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.IncidentStore;
import dev.incidentbot.bot.store.StoreException;
import dev.incidentbot.chat.Attempt;
import dev.incidentbot.chat.ChatPlatform;
import dev.incidentbot.chat.ConversationRef;
import dev.incidentbot.chat.DeliveryException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs one lane's due rows on the calling worker: wave after wave, each wave the head and the rows that may go
 * beside it ({@link IndependentRows}), each row sent, then recorded. A row that fails stops the lane until its retry.
 */
final class LaneRunner {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    /** A row that fails with unexpected errors this often is set aside rather than tried forever. */
    static final int MAX_UNEXPECTED_TRIES = 5;
    /** At most this many rows of one lane at once (a declaration has five or six independent ones). */
    private static final int MAX_TOGETHER = 8;
    // Waves one worker performs for one lane before it lets other lanes have a turn.
    private static final int MAX_WAVES = 8;
    static final String NO_PLATFORM = "no_platform";
    static final String UNEXPECTED = "unexpected_error";

    private final Database db;
    private final OutboxStore outbox;
    private final IncidentStore incidents = new IncidentStore();
    private final Map<String, ChatPlatform> platforms;
    private final DeliveryPerformer performer;
    private final OutboxRecords records;
    private final HeldLanes held;
    private final PlatformOutages outages = new PlatformOutages();
    private final Clock clock;
    private final String installation;
    private final ExecutorService alongside;
    private final Runnable wake;
    private volatile Predicate<OutboxRow> crashAfterSend = row -> false;

    LaneRunner(Database db, OutboxStore outbox, Map<String, ChatPlatform> platforms, DeliveryPerformer performer,
               OutboxRecords records, HeldLanes held, Clock clock, String installation, ExecutorService alongside,
               Runnable wake) {
        this.db = db;
        this.outbox = outbox;
        this.platforms = platforms;
        this.performer = performer;
        this.records = records;
        this.held = held;
        this.clock = clock;
        this.installation = installation;
        this.alongside = alongside;
        this.wake = wake;
    }

    void crashAfterSend(Predicate<OutboxRow> when) {
        this.crashAfterSend = when;
    }

    /**
     * The lane's rows wave after wave while each wave was delivered and more are due, on this worker: a declaration's
     * pin follows its post, and the topic and invites its channel, without a trip back through the dispatcher loop.
     */
    void performLane(OutboxRow head) {
        Optional<List<OutboxRow>> pending = Optional.empty();
        for (int wave = 1; performFrom(head, pending) && wave < MAX_WAVES; wave++) {
            List<OutboxRow> due;
            try {
                due = outbox.dueInLane(head.lane(), clock.instant(), MAX_TOGETHER);
            } catch (StoreException e) {
                return;
            }
            if (due.isEmpty()) {
                return;
            }
            head = due.get(0);
            pending = Optional.of(due);
        }
    }

    /**
     * Performs {@code head} and, at the same time, the rows right behind it that do not depend on it or on each other
     * ({@link IndependentRows}), each chain in its order; returns when all are done. {@code pending} is the lane's
     * due rows from the head on, when the caller has just read them.
     */
    private boolean performFrom(OutboxRow head, Optional<List<OutboxRow>> pending) {
        List<List<OutboxRow>> chains = List.of(List.of(head));
        if (head.incident() != 0 && !(head.delivery() instanceof Delivery.CreateConversation)) {
            Optional<ConversationRef> conversation = db.read(c -> incidents.conversation(c, head.incident()));
            List<OutboxRow> rows = pending.orElseGet(() -> outbox.dueInLane(head.lane(), clock.instant(), MAX_TOGETHER));
            if (!rows.isEmpty() && rows.get(0).id() == head.id()) {
                chains = IndependentRows.leading(rows, conversation);
            }
        }
        if (chains.size() == 1 && chains.get(0).size() == 1) {
            return perform(head, Optional.empty());
        }
        // One write marks the chains' first rows as begun, rather than one write each before its send.
        Set<Long> begunEarlier;
        try {
            begunEarlier = outbox.markStarted(chains.stream().map(chain -> chain.get(0))
                    .filter(row -> EarlierAttempts.checked(row.delivery())).map(OutboxRow::id).toList(), clock.instant());
        } catch (StoreException e) {
            return false; // nothing sent; the dispatcher waits until writes work again
        }
        // The longest chain (a post and its pin) is the lane's critical path: it goes out on this thread, first,
        // while the pool's threads wake for the others.
        List<OutboxRow> longest = chains.stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        List<CompletableFuture<Boolean>> all = new ArrayList<>();
        for (List<OutboxRow> chain : chains) {
            if (chain != longest) {
                all.add(CompletableFuture.supplyAsync(() -> performInOrder(chain, begunEarlier), alongside));
            }
        }
        boolean delivered = performInOrder(longest, begunEarlier);
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
     * Send {@code row} and record it; true if it was delivered and recorded. {@code begunEarlier} is given when the
     * attempt was already marked as begun (and says whether an earlier one had been).
     */
    private boolean perform(OutboxRow row, Optional<Boolean> begunEarlier) {
        ChatPlatform platform = platforms.get(row.platform());
        boolean earlierMayHaveLanded;
        try {
            earlierMayHaveLanded = begunEarlier.isPresent() ? begunEarlier.get()
                    : EarlierAttempts.checked(row.delivery()) && outbox.markStarted(row.id(), clock.instant());
        } catch (StoreException e) {
            return false; // nothing sent; the dispatcher waits until writes work again
        }
        if (platform == null && !(row.delivery() instanceof Delivery.Call)) {
            records.setAside(row.id(), row.incident(), NO_PLATFORM, row.delivery().describe(), "platform " + row.platform()
                    + " is not running in this process; it is sent when the bot runs with " + row.platform() + " again");
            return false;
        }
        Consequence after;
        try {
            after = row.delivery() instanceof Delivery.Call call ? performer.call(row, call.call())
                    : performer.deliver(platform, row, new Attempt(installation + "-" + row.id(), earlierMayHaveLanded));
        } catch (DeliveryException.Permanent e) {
            log.warn("giving up on {} for {} (outbox {}): {}", row.delivery().describe(), row.lane(), row.id(), e.getMessage());
            records.gaveUp(row, e);
            return false;
        } catch (DeliveryException.Retryable e) {
            Duration backoff = outages.failed(row.platform(), row.lane(), row.attempts(), e.retryAfter(), clock.instant());
            log.info("{} for {} failed ({}); retrying in {} ms", row.delivery().describe(), row.lane(), e.getMessage(), backoff.toMillis());
            records.retryAt(row, clock.instant().plus(backoff), e);
            return false;
        } catch (StoreException e) {
            // Reading what the delivery needs failed: nothing was sent; the row is tried again once writes work.
            return false;
        } catch (RuntimeException e) {
            return unexpected(row, e);
        }
        if (crashAfterSend.test(row)) {
            held.crashedAfterSend(row);
            return false;
        }
        if (!records.delivered(row, after)) {
            held.sentNotRecorded(row, after);
            return false;
        }
        outages.succeeded(row.platform(), clock.instant()).ifPresent(at -> {
            // The platform answers again: every lane waiting out its own backoff may go now (or when Retry-After ends).
            OutboxRecords.quietly(row, () -> log.info("{} answers again; {} waiting rows are due at {}", row.platform(),
                    outbox.wakeWaiting(row.platform(), at), at));
            wake.run();
        });
        return true;
    }

    /** A bug or an unexpected platform error: keep the row and retry slowly rather than lose it; in the end set it aside. */
    private boolean unexpected(OutboxRow row, RuntimeException e) {
        if (row.attempts() + 1 >= MAX_UNEXPECTED_TRIES) {
            log.error("outbox {} failed {} times with unexpected errors; setting it aside", row.id(), MAX_UNEXPECTED_TRIES, e);
            records.setAside(row.id(), row.incident(), UNEXPECTED, row.delivery().describe(),
                    MAX_UNEXPECTED_TRIES + " tries failed with an unexpected error: " + e);
            records.failed(row, new DeliveryException.Permanent(e.toString(), e));
            return false;
        }
        Duration backoff = PlatformOutages.backoff(row.attempts(), Optional.empty());
        log.error("unexpected error delivering outbox {}; retrying in {} ms", row.id(), backoff.toMillis(), e);
        records.retryAt(row, clock.instant().plus(backoff), new DeliveryException.Retryable(e.toString(), e));
        return false;
    }
}
