package dev.incidentbot.bench;

import java.util.Arrays;

/** One repetition's latencies in nanoseconds, sorted once, read as percentiles. */
public final class Latencies {
    private final long[] sorted;
    private final int errors;

    public Latencies(long[] nanos, int errors) {
        this.sorted = nanos.clone();
        Arrays.sort(this.sorted);
        this.errors = errors;
    }

    public int count() {
        return sorted.length;
    }

    public int errors() {
        return errors;
    }

    /** The {@code p}-th percentile (0..100) by nearest rank, in milliseconds. */
    public double percentileMillis(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** How many took longer than {@code millis}. */
    public int countAboveMillis(double millis) {
        int n = 0;
        for (int i = sorted.length - 1; i >= 0 && sorted[i] / 1e6 > millis; i--) {
            n++;
        }
        return n;
    }

    public double maxMillis() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }
}
