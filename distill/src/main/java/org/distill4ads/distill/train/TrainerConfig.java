package org.distill4ads.distill.train;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The configuration of a multi-task training run (the tasks themselves are given to the
 * {@link Trainer}). Start from {@link #defaults(Path)} and change what you need with the
 * {@code with…} methods, or several fields at once with {@link #with(Consumer)}.
 *
 * @param runDir            folder for {@code metrics.jsonl}, {@code checkpoints/} and {@code best-model.safetensors}
 * @param seed              seeds batch order (seed + epoch) and dropout (seed, step)
 * @param epochs            passes over the tasks' batches, at least 1
 * @param maxSteps          optimizer steps to take; 0 means {@code epochs × batchesPerEpoch / accumulationSteps}
 * @param sampling          which task each batch comes from
 * @param optimizer         AdamW, schedule and clipping
 * @param accumulationSteps batches whose gradients are summed (each loss divided by this) per optimizer step
 * @param evalEvery         evaluate every this many steps and at the end; 0 never
 * @param earlyStopping     stop on a plateau of an evaluation metric; {@code null} never
 * @param checkpointEvery   write a checkpoint every this many steps and at the end; 0 never
 * @param keepCheckpoints   how many of the newest checkpoints to keep
 * @param onNonFinite       what to do with a NaN or infinite loss or gradient
 * @param progress          progress bar, log lines or nothing
 * @param logEvery          steps between log lines (in {@link ProgressMode#LOG})
 */
public record TrainerConfig(Path runDir, long seed, int epochs, long maxSteps, Sampling sampling,
                            OptimizerSettings optimizer, int accumulationSteps, int evalEvery,
                            EarlyStopping earlyStopping, int checkpointEvery, int keepCheckpoints,
                            NonFinitePolicy onNonFinite, ProgressMode progress, int logEvery) {
    public TrainerConfig {
        if (runDir == null) {
            throw new IllegalArgumentException("runDir must not be null");
        }
        positive("epochs", epochs, 1);
        positive("maxSteps", maxSteps, 0);
        positive("accumulationSteps", accumulationSteps, 1);
        positive("evalEvery", evalEvery, 0);
        positive("checkpointEvery", checkpointEvery, 0);
        positive("keepCheckpoints", keepCheckpoints, 1);
        positive("logEvery", logEvery, 1);
        if (sampling == null || optimizer == null || onNonFinite == null || progress == null) {
            throw new IllegalArgumentException("sampling, optimizer, onNonFinite and progress must not be null, got "
                    + sampling + ", " + optimizer + ", " + onNonFinite + ", " + progress);
        }
        if (earlyStopping != null && evalEvery == 0) {
            throw new IllegalArgumentException("early stopping on '" + earlyStopping.metric()
                    + "' needs evaluations: set evalEvery > 0");
        }
    }

    private static void positive(String name, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + v);
        }
    }

    /**
     * Seed 42, 1 epoch, proportional sampling, {@link OptimizerSettings#defaults()}, no
     * accumulation, no evaluation, a checkpoint every 500 steps keeping 2, fail on non-finite
     * values, automatic progress display with a log line every 50 steps.
     */
    public static TrainerConfig defaults(Path runDir) {
        return new TrainerConfig(runDir, 42, 1, 0, Sampling.PROPORTIONAL, OptimizerSettings.defaults(), 1, 0, null,
                500, 2, NonFinitePolicy.FAIL, ProgressMode.AUTO, 50);
    }

    /**
     * The fields of a {@link TrainerConfig}, to change some and build a new one: the one copy of
     * the constructor that every {@code with…} method goes through ({@link #with}).
     */
    public static final class Builder {
        public Path runDir;
        public long seed;
        public int epochs;
        public long maxSteps;
        public Sampling sampling;
        public OptimizerSettings optimizer;
        public int accumulationSteps;
        public int evalEvery;
        public EarlyStopping earlyStopping;
        public int checkpointEvery;
        public int keepCheckpoints;
        public NonFinitePolicy onNonFinite;
        public ProgressMode progress;
        public int logEvery;

        private Builder(TrainerConfig c) {
            runDir = c.runDir;
            seed = c.seed;
            epochs = c.epochs;
            maxSteps = c.maxSteps;
            sampling = c.sampling;
            optimizer = c.optimizer;
            accumulationSteps = c.accumulationSteps;
            evalEvery = c.evalEvery;
            earlyStopping = c.earlyStopping;
            checkpointEvery = c.checkpointEvery;
            keepCheckpoints = c.keepCheckpoints;
            onNonFinite = c.onNonFinite;
            progress = c.progress;
            logEvery = c.logEvery;
        }

        /** The configuration of these fields, validated. */
        public TrainerConfig build() {
            return new TrainerConfig(runDir, seed, epochs, maxSteps, sampling, optimizer, accumulationSteps, evalEvery,
                    earlyStopping, checkpointEvery, keepCheckpoints, onNonFinite, progress, logEvery);
        }
    }

    /** A copy with the changes {@code change} makes, e.g. {@code c.with(b -> { b.seed = 7; b.epochs = 2; })}. */
    public TrainerConfig with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    public TrainerConfig withSeed(long v) {
        return with(b -> b.seed = v);
    }

    public TrainerConfig withEpochs(int v) {
        return with(b -> b.epochs = v);
    }

    public TrainerConfig withMaxSteps(long v) {
        return with(b -> b.maxSteps = v);
    }

    public TrainerConfig withSampling(Sampling v) {
        return with(b -> b.sampling = v);
    }

    public TrainerConfig withOptimizer(OptimizerSettings v) {
        return with(b -> b.optimizer = v);
    }

    public TrainerConfig withAccumulationSteps(int v) {
        return with(b -> b.accumulationSteps = v);
    }

    /** Evaluate every {@code every} steps, optionally stopping early ({@code stopping} may be null). */
    public TrainerConfig withEvaluation(int every, EarlyStopping stopping) {
        return with(b -> {
            b.evalEvery = every;
            b.earlyStopping = stopping;
        });
    }

    public TrainerConfig withCheckpoints(int every, int keep) {
        return with(b -> {
            b.checkpointEvery = every;
            b.keepCheckpoints = keep;
        });
    }

    public TrainerConfig withOnNonFinite(NonFinitePolicy v) {
        return with(b -> b.onNonFinite = v);
    }

    public TrainerConfig withProgress(ProgressMode v, int every) {
        return with(b -> {
            b.progress = v;
            b.logEvery = every;
        });
    }

    /** Where checkpoints go. */
    public Path checkpointDir() {
        return runDir.resolve("checkpoints");
    }

    /** The metrics log. */
    public Path metricsFile() {
        return runDir.resolve("metrics.jsonl");
    }
}
