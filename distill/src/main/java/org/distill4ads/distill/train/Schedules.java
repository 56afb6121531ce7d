package org.distill4ads.distill.train;

import org.distill4ads.nn.optim.LearningRateSchedule;

/** The trainer's learning-rate schedule, built on nn-core's {@link LearningRateSchedule}. */
final class Schedules {
    private Schedules() {}

    /**
     * The learning rate of 0-based step {@code step} of {@code total}. Warm-up uses
     * {@code (step + 1) / warmup}, so no step runs at rate 0; decay reaches 0 just after the
     * last step.
     */
    static double learningRate(OptimizerSettings s, long step, long total) {
        return of(s, total).at(step);
    }

    static LearningRateSchedule of(OptimizerSettings s, long total) {
        long warmup = s.warmupSteps(total);
        long t = Math.max(total, Math.max(1, warmup));
        return switch (s.decay()) {
            case CONSTANT -> LearningRateSchedule.warmupConstant(s.learningRate(), warmup);
            case LINEAR -> LearningRateSchedule.linear(s.learningRate(), warmup, t);
            case COSINE -> LearningRateSchedule.cosine(s.learningRate(), warmup, t);
        };
    }
}
