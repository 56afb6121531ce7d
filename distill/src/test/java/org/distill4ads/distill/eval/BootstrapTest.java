package org.distill4ads.distill.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    /**
     * The exact bootstrap distribution of a tiny sample: every one of the n^n equally likely index
     * sequences, enumerated (an independent reference: no random draws), as value -> probability.
     */
    private static TreeMap<Double, Double> exact(PerItem m, PerItem baseline) {
        int n = m.size();
        int total = (int) Math.pow(n, n);
        TreeMap<Double, Integer> counts = new TreeMap<>();
        int defined = 0;
        for (int code = 0; code < total; code++) {
            double num = 0, den = 0, bnum = 0, bden = 0;
            int c = code;
            for (int j = 0; j < n; j++) {
                int i = c % n;
                c /= n;
                num += m.numerators()[i];
                den += m.denominators()[i];
                if (baseline != null) {
                    bnum += baseline.numerators()[i];
                    bden += baseline.denominators()[i];
                }
            }
            if (den == 0 || (baseline != null && bden == 0)) {
                continue;
            }
            double v = baseline == null ? num / den : num / den - bnum / bden;
            counts.merge(Math.round(v * 1e9) / 1e9, 1, Integer::sum);
            defined++;
        }
        TreeMap<Double, Double> p = new TreeMap<>();
        for (var e : counts.entrySet()) {
            p.put(e.getKey(), e.getValue() / (double) defined);
        }
        return p;
    }

    /** P(X < x) and P(X <= x) under an exact distribution. */
    private static double[] cdf(TreeMap<Double, Double> dist, double x) {
        double below = 0, atOrBelow = 0;
        for (var e : dist.entrySet()) {
            if (e.getKey() < x - 1e-9) {
                below += e.getValue();
            }
            if (e.getKey() <= x + 1e-9) {
                atOrBelow += e.getValue();
            }
        }
        return new double[] {below, atOrBelow};
    }

    /** The bound is the p quantile of the exact distribution: P(X < bound) <= p <= P(X <= bound), within tol. */
    private static void assertQuantile(TreeMap<Double, Double> dist, double bound, double p, double tol) {
        double[] c = cdf(dist, bound);
        assertTrue(c[0] <= p + tol && c[1] >= p - tol,
                "bound " + bound + " is not the " + p + " quantile: P(X<b) " + c[0] + ", P(X<=b) " + c[1]);
    }

    private static void assertMatchesExact(Bootstrap b, PerItem m, PerItem baseline) {
        TreeMap<Double, Double> dist = exact(m, baseline);
        double[] sampled = b.distribution(m, baseline);
        // each atom's probability, within 5 standard errors of a frequency over the resamples
        for (var e : dist.entrySet()) {
            long hits = java.util.Arrays.stream(sampled).filter(v -> Math.abs(v - e.getKey()) < 1e-7).count();
            double se = Math.sqrt(e.getValue() * (1 - e.getValue()) / sampled.length);
            assertEquals(e.getValue(), hits / (double) sampled.length, 5 * se + 1e-9, "probability of " + e.getKey());
        }
        Bootstrap.Interval i = baseline == null ? b.interval(m) : b.difference(m, baseline).interval();
        assertQuantile(dist, i.lower(), 0.025, 0.005);
        assertQuantile(dist, i.upper(), 0.975, 0.005);
    }

    @Test
    void meanIntervalIsTheExactBootstrapQuantileOnATinySample() {
        assertMatchesExact(new Bootstrap(40_000, 0.95, 11), PerItem.means(new double[] {0, 1, 2, 10}), null);
    }

    @Test
    void ratioWithUncountedItemsMatchesTheExactDistribution() {
        // item 2 does not count (NaN precision); resamples drawing only it are left out
        assertMatchesExact(new Bootstrap(40_000, 0.95, 5), PerItem.means(new double[] {1, 0.5, Double.NaN, 0, 0.25}), null);
        assertMatchesExact(new Bootstrap(40_000, 0.95, 6),
                new PerItem(new double[] {1, 0, 3, 2}, new double[] {2, 1, 4, 0}), null);
    }

    @Test
    void pairedDifferenceMatchesTheExactDistribution() {
        PerItem system = PerItem.means(new double[] {0.9, 0.5, Double.NaN, 0.4, 0.7});
        PerItem baseline = PerItem.means(new double[] {0.6, 0.5, 0.3, Double.NaN, 0.2});
        assertMatchesExact(new Bootstrap(40_000, 0.95, 3), system, baseline);
    }

    @Test
    void largeSampleIntervalsAgreeWithTheNormalApproximation() {
        int n = 2000;
        Random r = new Random(1);
        double[] base = new double[n];
        double[] sys = new double[n];
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            base[i] = 0.4 + r.nextGaussian();
            sys[i] = base[i] + 0.05 + 0.1 * r.nextGaussian();
            diff[i] = sys[i] - base[i];
        }
        Bootstrap b = new Bootstrap(4000, 0.95, 2);
        double se = sd(base) / Math.sqrt(n);
        Bootstrap.Interval i = b.interval(PerItem.means(base));
        assertEquals(mean(base), i.estimate(), 1e-12);
        // Monte Carlo error of a 2.5% quantile over 4000 resamples is about 0.05 standard errors
        assertEquals(mean(base) - 1.959964 * se, i.lower(), 0.2 * se);
        assertEquals(mean(base) + 1.959964 * se, i.upper(), 0.2 * se);

        Bootstrap.Difference d = b.difference(PerItem.means(sys), PerItem.means(base));
        double dse = sd(diff) / Math.sqrt(n);
        assertEquals(mean(diff), d.interval().estimate(), 1e-12);
        assertEquals(mean(diff) - 1.959964 * dse, d.interval().lower(), 0.2 * dse);
        assertEquals(mean(diff) + 1.959964 * dse, d.interval().upper(), 0.2 * dse);
        assertEquals(Bootstrap.Verdict.WIN, d.verdict());
        assertEquals(Bootstrap.Verdict.LOSS, b.difference(PerItem.means(base), PerItem.means(sys)).verdict());
        // two unpaired intervals overlap: only pairing shows the difference
        Bootstrap.Interval s = b.interval(PerItem.means(sys));
        assertTrue(s.lower() < i.upper(), "the unpaired intervals should overlap");
    }

    @Test
    void identicalSystemsShowNoSignificantDifference() {
        PerItem m = PerItem.means(new double[] {0.2, 0.9, 0.4, 0.4, 0.1});
        Bootstrap.Difference d = Bootstrap.standard(42).difference(m, m);
        assertEquals(new Bootstrap.Interval(0, 0, 0), d.interval());
        assertEquals(Bootstrap.Verdict.NO_SIGNIFICANT_DIFFERENCE, d.verdict());
        assertEquals("no significant difference", d.verdict().text());
        assertEquals(Bootstrap.Verdict.NO_SIGNIFICANT_DIFFERENCE, Bootstrap.Verdict.of(Bootstrap.Interval.UNDEFINED));
    }

    @Test
    void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
        Random r = new Random(3);
        double[] v = new double[300];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble();
        }
        PerItem m = PerItem.means(v);
        assertEquals(Bootstrap.standard(7).interval(m), Bootstrap.standard(7).interval(m));
        assertArrayEquals(Bootstrap.standard(7).distribution(m, null), Bootstrap.standard(7).distribution(m, null));
        assertNotEquals(Bootstrap.standard(7).interval(m), Bootstrap.standard(8).interval(m));
    }

    @Test
    void undefinedEverywhereGivesAnUndefinedInterval() {
        Bootstrap.Interval i = Bootstrap.standard(1).interval(PerItem.means(new double[] {Double.NaN, Double.NaN}));
        assertTrue(Double.isNaN(i.estimate()) && Double.isNaN(i.lower()) && Double.isNaN(i.upper()));
    }

    @Test
    void quantileInterpolatesBetweenOrderStatistics() {
        double[] s = {1, 2, 3, 4, 5};
        assertEquals(1, Bootstrap.quantile(s, 0), 1e-12);
        assertEquals(5, Bootstrap.quantile(s, 1), 1e-12);
        assertEquals(1.1, Bootstrap.quantile(s, 0.025), 1e-12); // h = 4 * 0.025 = 0.1
        assertEquals(4.9, Bootstrap.quantile(s, 0.975), 1e-12);
    }

    @Test
    void rejectsBadInputNamingTheValue() {
        assertMessage(() -> new Bootstrap(1, 0.95, 0), "resamples must be at least 2, got 1");
        assertMessage(() -> new Bootstrap(100, 1.0, 0), "level must lie strictly between 0 and 1, got 1.0");
        assertMessage(() -> new Bootstrap(100, Double.NaN, 0), "got NaN");
        assertMessage(() -> Bootstrap.standard(0).difference(PerItem.means(new double[3]), PerItem.means(new double[2])),
                "same items: 3 != 2");
        assertMessage(() -> Bootstrap.standard(0).interval(PerItem.means(new double[0])), "no items");
        assertMessage(() -> new PerItem(new double[] {1}, new double[] {-1}), "denominator of item 0 must be finite and >= 0, got -1.0");
        assertMessage(() -> new PerItem(new double[] {Double.NaN}, new double[] {1}), "numerator of item 0 must be finite, got NaN");
        assertMessage(() -> new PerItem(new double[2], new double[1]), "differ in length: 2 != 1");
        assertMessage(() -> PerItem.means(new double[] {0, Double.POSITIVE_INFINITY}), "value of item 1");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
