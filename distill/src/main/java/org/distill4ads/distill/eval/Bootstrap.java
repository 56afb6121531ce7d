package org.distill4ads.distill.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The nonparametric bootstrap over held-out items, for intervals around a metric and around the
 * paired difference between two systems evaluated on the same items (Efron and Tibshirani, <i>An
 * Introduction to the Bootstrap</i>, 1993, ch. 13: the percentile interval).
 *
 * <p>Each of {@code resamples} resamples draws as many items as there are, uniformly with replacement,
 * from a generator seeded by {@code seed}; the metric ({@link PerItem}: Σ numerator / Σ denominator) is
 * recomputed on it. The interval is the {@code (1 - level)/2} and {@code (1 + level)/2} quantiles of
 * those resampled values (linear interpolation between order statistics, R's type 7). A resample in
 * which no item counts (Σ denominator = 0) is left out. Every call replays the same draws from the
 * seed, so every metric and every system sees the same resampled item sets: a paired difference
 * resamples items once and takes {@code system − baseline} on each resample, which keeps the
 * correlation between two systems' scores on the same item and gives a far narrower interval
 * than two independent intervals would.
 */
public final class Bootstrap {
    /** The default number of resamples. */
    public static final int RESAMPLES = 1000;
    /** The default coverage of an interval. */
    public static final double LEVEL = 0.95;

    /** What a paired interval says about {@code system − baseline} for a metric where higher is better. */
    public enum Verdict {
        /** The interval lies entirely above zero. */
        WIN,
        /** The interval lies entirely below zero. */
        LOSS,
        /** The interval contains zero (or is undefined). */
        NO_SIGNIFICANT_DIFFERENCE;

        /** The verdict of a difference interval. */
        public static Verdict of(Interval difference) {
            if (difference.lower() > 0) {
                return WIN;
            }
            if (difference.upper() < 0) {
                return LOSS;
            }
            return NO_SIGNIFICANT_DIFFERENCE;
        }

        /** Lower case with spaces, for reports: "win", "loss", "no significant difference". */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * A point estimate on all items with its percentile interval; all NaN when the metric is
     * undefined on every resample.
     */
    public record Interval(double estimate, double lower, double upper) {
        public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN, Double.NaN);

        /** True when {@code v} lies within the bounds (inclusive). */
        public boolean contains(double v) {
            return v >= lower && v <= upper;
        }
    }

    /** A paired difference {@code system − baseline} with its interval and verdict. */
    public record Difference(Interval interval, Verdict verdict) {
    }

    private final int resamples;
    private final double level;
    private final long seed;

    public Bootstrap(int resamples, double level, long seed) {
        if (resamples < 2) {
            throw new IllegalArgumentException("resamples must be at least 2, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must lie strictly between 0 and 1, got " + level);
        }
        this.resamples = resamples;
        this.level = level;
        this.seed = seed;
    }

    /** {@link #RESAMPLES} resamples at {@link #LEVEL}. */
    public static Bootstrap standard(long seed) {
        return new Bootstrap(RESAMPLES, LEVEL, seed);
    }

    public int resamples() {
        return resamples;
    }

    public double level() {
        return level;
    }

    public long seed() {
        return seed;
    }

    /** The metric on all items with its interval. */
    public Interval interval(PerItem metric) {
        return summarize(metric.value(), distribution(metric, null));
    }

    /** The paired difference {@code system − baseline}: both measured on the same items, in the same order. */
    public Difference difference(PerItem system, PerItem baseline) {
        if (system.size() != baseline.size()) {
            throw new IllegalArgumentException("a paired difference needs the same items: " + system.size() + " != "
                    + baseline.size() + " items");
        }
        Interval i = summarize(system.value() - baseline.value(), distribution(system, baseline));
        return new Difference(i, Verdict.of(i));
    }

    /**
     * The sorted resampled values of {@code metric} (minus {@code baseline} on the same resample, when
     * not null), leaving out resamples where either is undefined.
     */
    public double[] distribution(PerItem metric, PerItem baseline) {
        int n = metric.size();
        if (n == 0) {
            throw new IllegalArgumentException("no items to resample");
        }
        if (baseline != null && baseline.size() != n) {
            throw new IllegalArgumentException("a paired difference needs the same items: " + n + " != "
                    + baseline.size() + " items");
        }
        double[] a = metric.numerators();
        double[] b = metric.denominators();
        double[] c = baseline == null ? null : baseline.numerators();
        double[] d = baseline == null ? null : baseline.denominators();
        SplittableRandom random = new SplittableRandom(seed);
        double[] out = new double[resamples];
        int kept = 0;
        for (int r = 0; r < resamples; r++) {
            double num = 0;
            double den = 0;
            double bnum = 0;
            double bden = 0;
            for (int j = 0; j < n; j++) {
                int i = random.nextInt(n);
                num += a[i];
                den += b[i];
                if (c != null) {
                    bnum += c[i];
                    bden += d[i];
                }
            }
            if (den == 0 || (c != null && bden == 0)) {
                continue;
            }
            out[kept++] = c == null ? num / den : num / den - bnum / bden;
        }
        double[] values = Arrays.copyOf(out, kept);
        Arrays.sort(values);
        return values;
    }

    private Interval summarize(double estimate, double[] sorted) {
        if (sorted.length == 0 || Double.isNaN(estimate)) {
            return Interval.UNDEFINED;
        }
        return new Interval(estimate, quantile(sorted, (1 - level) / 2), quantile(sorted, (1 + level) / 2));
    }

    /** The {@code p} quantile of sorted values, interpolating linearly between order statistics (type 7). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
