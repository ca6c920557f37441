package dev.incidentbot.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The limit for reminders: how late a plain JDK scheduler runs N no-op tasks due evenly over one period. */
public final class JdkTimerBaseline implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "jdk-timer-baseline");
        t.setDaemon(true);
        return t;
    });

    /** Schedules the period's tasks now and returns their lateness once the period is over. */
    public Latencies run(int n, Duration period) throws InterruptedException {
        long start = System.nanoTime() + 1_000_000;
        long spacing = period.toNanos() / n;
        long[] late = new long[n];
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            long due = start + i * spacing;
            timer.schedule(() -> {
                late[index] = System.nanoTime() - due;
                done.countDown();
            }, due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        done.await(period.toMillis() * 2, TimeUnit.MILLISECONDS);
        return new Latencies(late, (int) done.getCount());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
