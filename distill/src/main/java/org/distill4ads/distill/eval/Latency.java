package org.distill4ads.distill.eval;

import java.util.Arrays;

/** Percentiles of per-item latencies in milliseconds (nearest rank); NaN when none were timed. */
record Latency(double medianMs, double p95Ms) {
    static Latency of(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new Latency(percentile(sorted, 0.5), percentile(sorted, 0.95));
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * (sorted.length - 1) + 0.5))];
    }
}
