package org.distill4ads.nn.optim;

/**
 * The learning rate of each 0-based step. Warm-up uses {@code peak (step + 1) / warmup}, so no
 * step runs at rate 0; after it the rate stays, or decays linearly or along a half cosine so that
 * it reaches 0 just after step {@code total - 1}.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    double at(long step);

    static LearningRateSchedule constant(double lr) {
        check(lr, 0, 1);
        return step -> lr;
    }

    /** Linear warm-up over {@code warmup} steps, then linear decay to 0 at {@code total}. */
    static LearningRateSchedule linear(double peak, long warmup, long total) {
        check(peak, warmup, total);
        return step -> step < warmup ? peak * (step + 1) / warmup : peak * (1.0 - progress(step, warmup, total));
    }

    /** Linear warm-up, then cosine decay: peak (1 + cos(pi p)) / 2. */
    static LearningRateSchedule cosine(double peak, long warmup, long total) {
        check(peak, warmup, total);
        return step -> step < warmup ? peak * (step + 1) / warmup
                : peak * 0.5 * (1.0 + Math.cos(Math.PI * progress(step, warmup, total)));
    }

    /** Linear warm-up, then constant. */
    static LearningRateSchedule warmupConstant(double peak, long warmup) {
        check(peak, warmup, Math.max(1, warmup));
        return step -> step < warmup ? peak * (step + 1) / warmup : peak;
    }

    private static double progress(long step, long warmup, long total) {
        return Math.min(1.0, (double) (step - warmup) / Math.max(1, total - warmup));
    }

    private static void check(double peak, long warmup, long total) {
        if (!(peak >= 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + peak);
        }
        if (warmup < 0 || total <= 0 || warmup > total) {
            throw new IllegalArgumentException("need 0 <= warmup <= total and total > 0, got warmup=" + warmup + " total=" + total);
        }
    }
}
