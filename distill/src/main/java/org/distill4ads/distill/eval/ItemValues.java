package org.distill4ads.distill.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-item contributions to one metric, gathered item by item during the evaluation and frozen as
 * a {@link PerItem}.
 */
final class ItemValues {
    private final List<double[]> rows = new ArrayList<>();

    /** An item counted by a mean, or not counted when {@code value} is NaN. */
    void mean(double value) {
        rows.add(Double.isNaN(value) ? new double[] {0, 0} : new double[] {value, 1});
    }

    /** An item's numerator and denominator of a pooled rate. */
    void ratio(double numerator, double denominator) {
        rows.add(new double[] {numerator, denominator});
    }

    PerItem freeze() {
        double[] num = new double[rows.size()];
        double[] den = new double[rows.size()];
        for (int i = 0; i < num.length; i++) {
            num[i] = rows.get(i)[0];
            den[i] = rows.get(i)[1];
        }
        return new PerItem(num, den);
    }
}
