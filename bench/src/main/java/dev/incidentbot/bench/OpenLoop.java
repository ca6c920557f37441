package dev.incidentbot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Open-loop load at a fixed rate: request {@code i} is due at {@code start + i / rate} whatever happened to the
 * requests before it, and its latency counts from that due time. A server that stalls therefore cannot hide the stall
 * by slowing the sender down (no coordinated omission): requests that had to wait for a free sender carry the wait.
 *
 * <p>Each sender thread owns one {@link Sender} (for HTTP, one keep-alive connection), as wrk2 owns connections.
 */
public final class OpenLoop {

    /** Sends request {@code index} and waits for its answer; false counts as an error. */
    public interface Sender extends AutoCloseable {
        boolean send(int index) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** Due and completion times (System.nanoTime) per request; {@code done} is 0 for a request that threw. */
    public record Result(long startNanos, long[] due, long[] done, int errors) {
        public Latencies latencies() {
            long[] l = new long[due.length];
            int n = 0;
            for (int i = 0; i < due.length; i++) {
                if (done[i] != 0) {
                    l[n++] = done[i] - due[i];
                }
            }
            return new Latencies(java.util.Arrays.copyOf(l, n), errors);
        }
    }

    private OpenLoop() {
    }

    public static Result run(double perSecond, int count, int senders, Supplier<Sender> newSender) throws InterruptedException {
        long interval = (long) (1e9 / perSecond);
        long[] due = new long[count];
        long[] done = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<Sender> opened = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            opened.add(newSender.get());
        }
        // A little head room, so the first requests are not already late while the threads start.
        long start = System.nanoTime() + 20_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (Sender sender : opened) {
            Thread t = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long at = start + i * interval;
                    due[i] = at;
                    for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        if (!sender.send(i)) {
                            errors.incrementAndGet();
                        }
                        done[i] = System.nanoTime();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }, "open-loop-sender");
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Sender s : opened) {
            try {
                s.close();
            } catch (Exception e) {
                // a connection that fails to close changes no measurement
            }
        }
        return new Result(start, due, done, errors.get());
    }
}
