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

    /** The fields of {@link OptimizerSettings}, to change some and build a new one ({@link #with}). */
    public static final class Builder {
        public double learningRate;
        public double weightDecay;
        public double beta1;
        public double beta2;
        public double epsilon;
        public double warmupRatio;
        public Decay decay;
        public double maxGradNorm;

        private Builder(OptimizerSettings o) {
            learningRate = o.learningRate;
            weightDecay = o.weightDecay;
            beta1 = o.beta1;
            beta2 = o.beta2;
            epsilon = o.epsilon;
            warmupRatio = o.warmupRatio;
            decay = o.decay;
            maxGradNorm = o.maxGradNorm;
        }

        public OptimizerSettings build() {
            return new OptimizerSettings(learningRate, weightDecay, beta1, beta2, epsilon, warmupRatio, decay, maxGradNorm);
        }
    }

    /** A copy with the changes {@code change} makes, e.g. {@code o.with(b -> b.beta2 = 0.98)}. */
    public OptimizerSettings with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    public OptimizerSettings withLearningRate(double lr) {
        return with(b -> b.learningRate = lr);
    }

    public OptimizerSettings withWeightDecay(double wd) {
        return with(b -> b.weightDecay = wd);
    }

    public OptimizerSettings withSchedule(double newWarmupRatio, Decay newDecay) {
        return with(b -> {
            b.warmupRatio = newWarmupRatio;
            b.decay = newDecay;
        });
    }

    public OptimizerSettings withMaxGradNorm(double norm) {
        return with(b -> b.maxGradNorm = norm);
    }

    /** Warm-up steps for a run of {@code totalSteps}. */
    public long warmupSteps(long totalSteps) {
        return (long) Math.floor(warmupRatio * totalSteps);
    }
}
