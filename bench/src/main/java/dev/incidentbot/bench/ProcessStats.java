package dev.incidentbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from /proc (Linux). Used as a sampler during a figure: CPU as an
 * average number of cores busy between two readings, memory as VmRSS, and VmHWM for the peak.
 */
public final class ProcessStats {
    /** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;

    public ProcessStats(long pid) {
        this.pid = pid;
    }

    public static ProcessStats self() {
        return new ProcessStats(ProcessHandle.current().pid());
    }

    /** User plus system CPU seconds so far. */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces; fields are counted after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Resident memory now, in MiB. */
    public double rssMiB() {
        return statusKiB("VmRSS:") / 1024.0;
    }

    /** Peak resident memory so far, in MiB. */
    public double peakRssMiB() {
        return statusKiB("VmHWM:") / 1024.0;
    }

    private double statusKiB(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return Double.NaN;
    }

    /** Samples CPU and RSS every {@code periodMillis} on a daemon thread until closed. */
    public Sampler sample(long periodMillis) {
        return new Sampler(periodMillis);
    }

    /** Average cores busy and the highest RSS seen between start and {@link #close()}. */
    public final class Sampler implements AutoCloseable {
        private final Thread thread;
        private final double cpuAtStart = cpuSeconds();
        private final long nanosAtStart = System.nanoTime();
        private volatile double maxRss;
        private volatile boolean running = true;
        private double cores;

        private Sampler(long periodMillis) {
            thread = new Thread(() -> {
                while (running) {
                    maxRss = Math.max(maxRss, rssMiB());
                    try {
                        Thread.sleep(periodMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "process-stats");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            maxRss = Math.max(maxRss, rssMiB());
            cores = (cpuSeconds() - cpuAtStart) / ((System.nanoTime() - nanosAtStart) / 1e9);
        }

        public double cores() {
            return cores;
        }

        public double maxRssMiB() {
            return maxRss;
        }
    }
}
