package org.distill4ads.distill.train;

/**
 * AdamW, its learning-rate schedule and gradient clipping.
 *
 * <p>The learning rate rises linearly from 0 over the first {@code warmupRatio} of the steps,
 * then follows {@code decay} down to 0 at the last step (or stays constant).
 *
 * @param learningRate peak learning rate
 * @param weightDecay  decoupled weight decay (AdamW), at least 0; applied to matrices, not to biases
 *                     or LayerNorm weights (the default of {@link org.distill4ads.nn.optim.AdamW})
 * @param beta1        first-moment decay, in [0, 1)
 * @param beta2        second-moment decay, in [0, 1)
 * @param epsilon      added to the root of the second moment, positive
 * @param warmupRatio  fraction of the total steps spent warming up, in [0, 1)
 * @param decay        shape of the schedule after warm-up
 * @param maxGradNorm  global L2 norm gradients are clipped to; 0 disables clipping
 */
public record OptimizerSettings(double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
                                double warmupRatio, Decay decay, double maxGradNorm) {
    /** The shape of the learning rate after warm-up. */
    public enum Decay { LINEAR, COSINE, CONSTANT }

    public OptimizerSettings {
        check("learningRate", learningRate, learningRate > 0);
        check("weightDecay", weightDecay, weightDecay >= 0);
        check("beta1", beta1, beta1 >= 0 && beta1 < 1);
        check("beta2", beta2, beta2 >= 0 && beta2 < 1);
        check("epsilon", epsilon, epsilon > 0);
        check("warmupRatio", warmupRatio, warmupRatio >= 0 && warmupRatio < 1);
        check("maxGradNorm", maxGradNorm, maxGradNorm >= 0);
        if (decay == null) {
            throw new IllegalArgumentException("decay must be one of LINEAR, COSINE, CONSTANT, got null");
        }
    }

    private static void check(String name, double v, boolean ok) {
        if (!ok || !Double.isFinite(v)) {
            throw new IllegalArgumentException("optimizer " + name + " is out of range: " + v);
        }
    }

    /**
     * Fine-tuning defaults of Hugging Face / sentence-transformers: learning rate 2e-5, weight
     * decay 0.01, betas (0.9, 0.999), epsilon 1e-8, 10% linear warm-up then linear decay, clip at 1.
     */
    public static OptimizerSettings defaults() {
        return new OptimizerSettings(2e-5, 0.01, 0.9, 0.999, 1e-8, 0.1, Decay.LINEAR, 1.0);
    }

    public OptimizerSettings withLearningRate(double lr) {
        return new OptimizerSettings(lr, weightDecay, beta1, beta2, epsilon, warmupRatio, decay, maxGradNorm);
    }

    public OptimizerSettings withWeightDecay(double wd) {
        return new OptimizerSettings(learningRate, wd, beta1, beta2, epsilon, warmupRatio, decay, maxGradNorm);
    }

    public OptimizerSettings withSchedule(double newWarmupRatio, Decay newDecay) {
        return new OptimizerSettings(learningRate, weightDecay, beta1, beta2, epsilon, newWarmupRatio, newDecay, maxGradNorm);
    }

    public OptimizerSettings withMaxGradNorm(double norm) {
        return new OptimizerSettings(learningRate, weightDecay, beta1, beta2, epsilon, warmupRatio, decay, norm);
    }

    /** Warm-up steps for a run of {@code totalSteps}. */
    public long warmupSteps(long totalSteps) {
        return (long) Math.floor(warmupRatio * totalSteps);
    }
}
