package dev.incidentbot.bot.runner;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a child's stdout and stderr into capped captures on daemon threads while it runs, and after it is killed. */
final class OutputPumps {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSandbox.class);
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final ExecutorService threads;

    OutputPumps() {
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "diagnostic-output-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Both streams of {@code process}, being read. */
    Reading start(Process process, OutputCapture out, OutputCapture err) {
        return new Reading(process, threads.submit(() -> pump(process.getInputStream(), out)),
                threads.submit(() -> pump(process.getErrorStream(), err)));
    }

    /** The two pumps of one process. */
    static final class Reading {
        private final Process process;
        private final Future<?> outPump;
        private final Future<?> errPump;

        private Reading(Process process, Future<?> outPump, Future<?> errPump) {
            this.process = process;
            this.outPump = outPump;
            this.errPump = errPump;
        }

        /** Whether both streams reached EOF within {@code grace}: if not, something we do not know holds them open. */
        boolean closedWithin(Duration grace) {
            long deadline = System.nanoTime() + grace.toNanos();
            try {
                outPump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                errPump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                return true;
            }
        }

        /** Waits for both streams to reach EOF; a process that escaped every net could hold them open forever. */
        void drain() {
            long deadline = System.nanoTime() + OUTPUT_DRAIN.toNanos();
            for (Future<?> pump : List.of(outPump, errPump)) {
                try {
                    pump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    LOG.warn("diagnostic output still open {} after its process tree was killed; keeping what was read",
                            OUTPUT_DRAIN);
                    pump.cancel(true);
                    closeQuietly(process);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    LOG.warn("reading diagnostic output failed", e);
                }
            }
        }
    }

    private static void pump(InputStream in, OutputCapture capture) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                capture.append(buffer, 0, n);
            }
        } catch (IOException e) {
            // the pipe went away with the process; what was read is kept
        }
    }

    private static void closeQuietly(Process process) {
        try {
            process.getInputStream().close();
            process.getErrorStream().close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
