package org.distill4ads.distill.train;

/** Learning rate at a step: linear warm-up, then linear or cosine decay to 0, or constant. */
final class Schedules {
    private Schedules() {}

    /**
     * The learning rate of 0-based step {@code step} of {@code total}. Warm-up uses
     * {@code (step + 1) / warmup}, so no step runs at rate 0; decay reaches 0 just after the
     * last step.
     */
    static double learningRate(OptimizerSettings s, long step, long total) {
        long warmup = s.warmupSteps(total);
        double peak = s.learningRate();
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = (double) (step - warmup) / Math.max(1, total - warmup); // in [0, 1)
        return switch (s.decay()) {
            case CONSTANT -> peak;
            case LINEAR -> peak * (1.0 - progress);
            case COSINE -> peak * 0.5 * (1.0 + Math.cos(Math.PI * progress));
        };
    }
}
