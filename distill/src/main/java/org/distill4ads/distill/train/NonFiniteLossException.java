package org.distill4ads.distill.train;

/**
 * A task produced a non-finite loss or gradient. Thrown before the optimizer steps, so the
 * model's weights are those of the last good step.
 */
public final class NonFiniteLossException extends RuntimeException {
    private final String task;
    private final long step;

    public NonFiniteLossException(String task, long step, String what) {
        super("non-finite " + what + " in task '" + task + "' at step " + step
                + " (weights were not updated; set NonFinitePolicy.SKIP to skip such batches)");
        this.task = task;
        this.step = step;
    }

    public String task() {
        return task;
    }

    public long step() {
        return step;
    }
}
