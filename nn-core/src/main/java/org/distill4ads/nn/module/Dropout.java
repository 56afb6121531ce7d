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
        return x.dropout(p, nextSeed(), true);
    }

    /** The probability in effect now: {@link #probability()} in training mode, else 0. */
    public double activeProbability() {
        return isTraining() ? p : 0.0;
    }

    /**
     * The seed of the next dropout mask, for fused ops that draw their own masks (the same
     * sequence {@link #forward} would use).
     */
    public long nextSeed() {
        return mix(seed, calls++);
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
