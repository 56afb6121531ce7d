package org.distill4ads.distill.train;

/** What the trainer does when a loss or the gradient norm is NaN or infinite. */
public enum NonFinitePolicy {
    /** Throw a {@link NonFiniteLossException} naming the task and step, before any update. The default. */
    FAIL,
    /** Discard the step's gradients, count the skip, log it, and go on with the next step. */
    SKIP
}
