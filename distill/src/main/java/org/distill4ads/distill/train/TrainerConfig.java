package org.distill4ads.distill.train;

import java.nio.file.Path;

/**
 * The configuration of a multi-task training run (the tasks themselves are given to the
 * {@link Trainer}). Start from {@link #defaults(Path)} and change what you need with the
 * {@code with…} methods.
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

    public TrainerConfig withSeed(long v) {
        return new TrainerConfig(runDir, v, epochs, maxSteps, sampling, optimizer, accumulationSteps, evalEvery,
                earlyStopping, checkpointEvery, keepCheckpoints, onNonFinite, progress, logEvery);
    }

    public TrainerConfig withEpochs(int v) {
        return new TrainerConfig(runDir, seed, v, maxSteps, sampling, optimizer, accumulationSteps, evalEvery,
                earlyStopping, checkpointEvery, keepCheckpoints, onNonFinite, progress, logEvery);
    }

    public TrainerConfig withMaxSteps(long v) {
        return new TrainerConfig(runDir, seed, epochs, v, sampling, optimizer, accumulationSteps, evalEvery,
                earlyStopping, checkpointEvery, keepCheckpoints, onNonFinite, progress, logEvery);
    }

    public TrainerConfig withSampling(Sampling v) {
        return new TrainerConfig(runDir, seed, epochs, maxSteps, v, optimizer, accumulationSteps, evalEvery,
                earlyStopping, checkpointEvery, keepCheckpoints, onNonFinite, progress, logEvery);
    }

    public TrainerConfig withOptimizer(OptimizerSettings v) {
        return new TrainerConfig(runDir, seed, epochs, maxSteps, sampling, v, accumulationSteps, evalEvery,
                earlyStopping, checkpointEvery, keepCheckpoints, onNonFinite, progress, logEvery);
    }

    public TrainerConfig withAccumulationSteps(int v) {
        return new TrainerConfig(runDir, seed, epochs, maxSteps, sampling, optimizer, v, evalEvery,
                earlyStopping, checkpointEvery, keepCheckpoints, onNonFinite, progress, logEvery);
    }

    /** Evaluate every {@code every} steps, optionally stopping early ({@code stopping} may be null). */
    public TrainerConfig withEvaluation(int every, EarlyStopping stopping) {
        return new TrainerConfig(runDir, seed, epochs, maxSteps, sampling, optimizer, accumulationSteps, every,
                stopping, checkpointEvery, keepCheckpoints, onNonFinite, progress, logEvery);
    }

    public TrainerConfig withCheckpoints(int every, int keep) {
        return new TrainerConfig(runDir, seed, epochs, maxSteps, sampling, optimizer, accumulationSteps, evalEvery,
                earlyStopping, every, keep, onNonFinite, progress, logEvery);
    }

    public TrainerConfig withOnNonFinite(NonFinitePolicy v) {
        return new TrainerConfig(runDir, seed, epochs, maxSteps, sampling, optimizer, accumulationSteps, evalEvery,
                earlyStopping, checkpointEvery, keepCheckpoints, v, progress, logEvery);
    }

    public TrainerConfig withProgress(ProgressMode v, int every) {
        return new TrainerConfig(runDir, seed, epochs, maxSteps, sampling, optimizer, accumulationSteps, evalEvery,
                earlyStopping, checkpointEvery, keepCheckpoints, onNonFinite, v, every);
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
