package org.distill4ads.distill.train;

/**
 * Stop training when an evaluation metric has not improved for {@code patience} evaluations in a
 * row. An evaluation improves when it beats the best so far by more than {@code minDelta}
 * (larger for {@link Mode#MAX}, smaller for {@link Mode#MIN}).
 *
 * @param metric   key of the metric in the evaluator's result
 * @param mode     whether larger or smaller is better
 * @param patience evaluations without improvement tolerated before stopping, at least 1
 * @param minDelta smallest change that counts as an improvement, at least 0
 */
public record EarlyStopping(String metric, Mode mode, int patience, double minDelta) {
    /** Whether larger or smaller values of the metric are better. */
    public enum Mode { MIN, MAX }

    public EarlyStopping {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("early stopping needs a metric name, got '" + metric + "'");
        }
        if (mode == null) {
            throw new IllegalArgumentException("early stopping on '" + metric + "' needs a mode (MIN or MAX)");
        }
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping patience must be at least 1, got " + patience);
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("early stopping minDelta must be finite and >= 0, got " + minDelta);
        }
    }

    /** Stop after {@code patience} evaluations without any improvement of {@code metric}. */
    public static EarlyStopping of(String metric, Mode mode, int patience) {
        return new EarlyStopping(metric, mode, patience, 0.0);
    }

    /** Whether {@code value} improves on {@code best} ({@code NaN} best: nothing seen yet). */
    public boolean improves(double value, double best) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return mode == Mode.MAX ? value > best + minDelta : value < best - minDelta;
    }
}
