package io.github.netnsjunit.benchmarks;

import java.util.Arrays;

/** Order statistics of a series of durations in nanoseconds, reported in milliseconds. */
final class Stats {
    private final long[] sorted;

    Stats(long[] values) {
        sorted = Arrays.stream(values).filter(v -> v >= 0).sorted().toArray();
    }

    boolean isEmpty() {
        return sorted.length == 0;
    }

    double median() {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int n = sorted.length;
        return ms(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    }

    double min() {
        return sorted.length == 0 ? Double.NaN : ms(sorted[0]);
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : ms(sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile. */
    double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return ms(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))]);
    }

    /** The share of the sum of all values that lies in values above {@code thresholdMs}, 0 to 1. */
    double shareAbove(double thresholdMs) {
        long all = 0;
        long above = 0;
        for (long v : sorted) {
            all += v;
            if (ms(v) > thresholdMs) {
                above += v;
            }
        }
        return all == 0 ? 0 : (double) above / all;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
