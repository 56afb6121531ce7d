package org.distill4ads.nn.module;

import org.distill4ads.nn.Tensor;

/**
 * Inverted dropout, active only in training mode. Masks come from a seed and a call counter, so
 * {@link Module#reseed(long)} makes a step replayable.
 */
public final class Dropout extends Module {
    private final double p;
    private long seed;
    private long calls;

    public Dropout(double p, long seed) {
        if (!(p >= 0.0 && p < 1.0)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        this.p = p;
        this.seed = seed;
    }

    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0.0) {
            return x;
        }
        return x.dropout(p, mix(seed, calls++), true);
    }

    @Override
    protected void onReseed(long newSeed) {
        seed = newSeed;
        calls = 0;
    }

    public double probability() {
        return p;
    }
}
