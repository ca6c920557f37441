package dev.incidentbot.bot.runner;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs approved requests off the chat path, at most {@code max_concurrent} at once and at most
 * {@code max_concurrent_per_incident} per incident. Requests beyond the limits wait in arrival order and are never
 * dropped; a request held back only by its own incident's limit does not block other incidents' requests behind it.
 */
public final class DiagnosticRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiagnosticRunner.class);

    private final int maxConcurrent;
    private final int maxPerIncident;
    private final DiagnosticSandbox sandbox;
    private final RunListener listener;
    private final Redactor redactor;
    private final Clock clock;
    private final ExecutorService workers;

    private final Object lock = new Object();
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private final Map<String, Integer> runningByIncident = new HashMap<>();
    private int running;
    private boolean closed;

    /** {@code queuedNoticeSent} keeps "queued" before "started" for the same run without calling out under a lock. */
    private record Pending(RunRequest request, CompletableFuture<RunResult> future,
                           CompletableFuture<Void> queuedNoticeSent) {
    }

    public DiagnosticRunner(RunnerSettings settings, DiagnosticSandbox sandbox, RunListener listener) {
        this(settings, sandbox, listener, Clock.systemUTC());
    }

    public DiagnosticRunner(RunnerSettings settings, DiagnosticSandbox sandbox, RunListener listener, Clock clock) {
        this.maxConcurrent = settings.maxConcurrent();
        this.maxPerIncident = settings.maxConcurrentPerIncident();
        this.sandbox = sandbox;
        this.listener = listener;
        this.redactor = settings.redactor();
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "diagnostic-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues {@code request}; returns at once. The future completes with the result however the run ends (it does
     * not complete exceptionally), after {@link RunListener#finished} was called.
     */
    public CompletableFuture<RunResult> submit(RunRequest request) {
        Pending pending = new Pending(request, new CompletableFuture<>(), new CompletableFuture<>());
        boolean accepted;
        int position = 0;
        List<Pending> start = List.of();
        synchronized (lock) {
            accepted = !closed;
            if (accepted) {
                waiting.addLast(pending);
                start = takeStartable();
                for (Pending p : waiting) {
                    if (p == pending) {
                        break;
                    }
                    position++;
                }
            }
        }
        if (!accepted) {
            pending.queuedNoticeSent.complete(null);
            finish(pending, RunResult.withoutProcess(request.command(),
                    new Outcome.Cancelled("the runner is shut down"), clock.instant(), redactor));
            return pending.future;
        }
        int ahead = position;
        if (!start.contains(pending)) {
            notifySafely(() -> listener.queued(request, ahead));
        }
        pending.queuedNoticeSent.complete(null);
        start.forEach(this::launch);
        return pending.future;
    }

    /** Requests waiting for a free slot. */
    public int waiting() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    public int running() {
        synchronized (lock) {
            return running;
        }
    }

    /** Cancels waiting requests, kills running ones (their results say cancelled) and waits briefly for them. */
    @Override
    public void close() {
        List<Pending> dropped;
        synchronized (lock) {
            closed = true;
            dropped = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (Pending p : dropped) {
            p.queuedNoticeSent.join();
            finish(p, RunResult.withoutProcess(p.request.command(), new Outcome.Cancelled("the runner shut down"),
                    clock.instant(), redactor));
        }
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("diagnostic runs still finishing after 5s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes, in arrival order, every waiting request that fits the limits; caller holds the lock. */
    private List<Pending> takeStartable() {
        List<Pending> start = new ArrayList<>();
        for (Iterator<Pending> it = waiting.iterator(); it.hasNext() && running < maxConcurrent; ) {
            Pending p = it.next();
            String incident = p.request.incidentKey();
            int forIncident = runningByIncident.getOrDefault(incident, 0);
            if (forIncident < maxPerIncident) {
                it.remove();
                running++;
                runningByIncident.put(incident, forIncident + 1);
                start.add(p);
            }
        }
        return start;
    }

    private void launch(Pending p) {
        try {
            workers.execute(() -> execute(p));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed between taking the slot and launching
            release(p);
            finish(p, RunResult.withoutProcess(p.request.command(), new Outcome.Cancelled("the runner shut down"),
                    clock.instant(), redactor));
        }
    }

    private void execute(Pending p) {
        p.queuedNoticeSent.join();
        notifySafely(() -> listener.started(p.request));
        RunResult result;
        try {
            result = sandbox.run(p.request.command());
        } catch (RuntimeException e) {
            LOG.error("diagnostic run {} failed inside the runner", p.request.runId(), e);
            result = RunResult.withoutProcess(p.request.command(), new Outcome.Failed("runner error: " + e),
                    clock.instant(), redactor);
        }
        List<Pending> next = release(p);
        finish(p, result);
        next.forEach(this::launch);
    }

    private List<Pending> release(Pending p) {
        synchronized (lock) {
            running--;
            runningByIncident.computeIfPresent(p.request.incidentKey(), (k, v) -> v <= 1 ? null : v - 1);
            return closed ? List.of() : takeStartable();
        }
    }

    private void finish(Pending p, RunResult result) {
        notifySafely(() -> listener.finished(p.request, result));
        p.future.complete(result);
    }

    private static void notifySafely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("diagnostic run listener failed", e);
        }
    }
}
