package org.distill4ads.distill.pipeline;

/**
 * Every seed of a run, derived from the root seed in this one place. The pipeline and the
 * step-by-step commands both take their seeds from here, so {@code label --seed 42} draws the
 * same pairs as the pipeline's labels stage of a run with seed 42.
 *
 * <p>The offsets are the ones the pipeline has always used (so earlier runs reproduce byte for
 * byte); each random draw has its own offset, and the components that share the root seed draw
 * from unrelated generators (the split shuffles with {@link java.util.Random}, the judge hashes
 * pairs, the models initialise with nn-core's generator, the trainer orders batches).
 *
 * @param root the run's seed ({@code PipelineConfig.seed()}, {@code --seed})
 */
public record Seeds(long root) {
    /** The simulated marketplace ({@code MarketplaceConfig.withSeed}). */
    public long marketplace() {
        return root;
    }

    /** The training / held-out split of the items. */
    public long split() {
        return root;
    }

    /** The simulated judge's noise. */
    public long judge() {
        return root;
    }

    /** The candidate pairs the judge labels (stage 1). */
    public long labelDraw() {
        return root + 1;
    }

    /** The distillation pairs the assistant scores (stage 2). */
    public long teacherDraw() {
        return root + 2;
    }

    /** The held-out pairs on which the students' agreement with the teacher is measured (stage 4). */
    public long agreementDraw() {
        return root + 3;
    }

    /** The cross-encoder's initial weights. */
    public long assistantInit() {
        return root;
    }

    /** Every student's initial weights (the same for all variants, so they differ only in what they learn). */
    public long studentInit() {
        return root + 7;
    }

    /** Batch order and dropout of every training run. */
    public long training() {
        return root;
    }
}
