package org.distill4ads.distill.eval;

import java.util.Arrays;

/**
 * A metric as per-item contributions, the unit that {@link Bootstrap} resamples: the metric over a
 * set of items is {@code Σ numerator / Σ denominator} over those items. A mean of per-item values
 * is the case where each defined item contributes {@code (value, 1)} and an undefined one (NaN, e.g.
 * precision of an item with nothing kept) contributes {@code (0, 0)}; a pooled rate (novelty: relevant
 * kept never clicked over relevant kept) gives each item its own counts.
 *
 * @param numerators   per-item numerators, finite
 * @param denominators per-item denominators, finite and non-negative, 0 where the item does not count
 */
public record PerItem(double[] numerators, double[] denominators) {
    public PerItem {
        if (numerators.length != denominators.length) {
            throw new IllegalArgumentException("numerators and denominators differ in length: " + numerators.length
                    + " != " + denominators.length);
        }
        for (int i = 0; i < numerators.length; i++) {
            if (!Double.isFinite(numerators[i])) {
                throw new IllegalArgumentException("numerator of item " + i + " must be finite, got " + numerators[i]);
            }
            if (!Double.isFinite(denominators[i]) || denominators[i] < 0) {
                throw new IllegalArgumentException("denominator of item " + i + " must be finite and >= 0, got "
                        + denominators[i]);
            }
        }
        numerators = numerators.clone();
        denominators = denominators.clone();
    }

    /** A mean of per-item values; a NaN value marks an item the metric does not count. */
    public static PerItem means(double[] values) {
        double[] num = new double[values.length];
        double[] den = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (Double.isInfinite(values[i])) {
                throw new IllegalArgumentException("value of item " + i + " must be finite or NaN, got " + values[i]);
            }
            if (!Double.isNaN(values[i])) {
                num[i] = values[i];
                den[i] = 1;
            }
        }
        return new PerItem(num, den);
    }

    /** Items. */
    public int size() {
        return numerators.length;
    }

    /** The metric over all items; NaN when no item counts. */
    public double value() {
        double n = 0;
        double d = 0;
        for (int i = 0; i < numerators.length; i++) {
            n += numerators[i];
            d += denominators[i];
        }
        return d == 0 ? Double.NaN : n / d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PerItem p && Arrays.equals(numerators, p.numerators) && Arrays.equals(denominators, p.denominators);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(numerators) + Arrays.hashCode(denominators);
    }

    @Override
    public String toString() {
        return "PerItem[" + numerators.length + " items, value " + value() + "]";
    }
}
