package org.distill4ads.distill.train;

import java.util.Map;

/**
 * Evaluates the model during training. The trainer calls it every {@code evalEvery} steps with
 * the model in evaluation mode (no dropout) and gradients off, and logs every returned metric;
 * {@link EarlyStopping} watches one of them.
 */
@FunctionalInterface
public interface Evaluator {
    /** Metrics by name after {@code step} optimizer steps. */
    Map<String, Double> evaluate(long step);
}
