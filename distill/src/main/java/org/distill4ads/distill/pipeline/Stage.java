package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.util.List;

/**
 * One arrow of the paper's system. A stage reads what the stages it {@linkplain #requires()
 * requires} wrote into the run folder (through the {@link RunContext}), writes its own artifacts
 * there and returns a one-line summary; {@link Pipeline} orders stages and skips complete ones.
 * Each stage class also has a typed static call (its inputs in, its output back, no run folder)
 * that the step-by-step commands and library users call.
 */
public interface Stage {
    /** The stage's name: its completion marker in the run folder and its name on the command line. */
    String name();

    /** The names of the stages whose artifacts this one reads. */
    List<String> requires();

    /**
     * True for a stage that only reads the artifacts of others and is cheap (the report): it runs
     * on every pipeline run instead of being skipped once complete.
     */
    default boolean alwaysRuns() {
        return false;
    }

    /** Computes the stage's artifacts into the run folder and returns a one-line summary. */
    String run(RunContext context) throws IOException;
}
