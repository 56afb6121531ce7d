package org.distill4ads.distill.train;

/** How a multi-task run chooses which task the next batch comes from. */
public enum Sampling {
    /**
     * Every batch of every task once per epoch, in a random order seeded with seed + epoch: a
     * task is sampled in proportion to its number of batches. The default.
     */
    PROPORTIONAL,
    /**
     * Tasks in turn (0, 1, …, 0, 1, …) until the task with the fewest batches runs out, as
     * sentence-transformers does; the other tasks' remaining batches are not used that epoch.
     */
    ROUND_ROBIN
}
