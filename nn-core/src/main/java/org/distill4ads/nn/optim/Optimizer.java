package org.distill4ads.nn.optim;

/**
 * Updates parameters from their accumulated gradients.
 *
 * <p>{@link #step()} applies one update with the current learning rate and then clears the
 * gradients. Its state (moments, step count) can be saved and restored for resuming training.
 */
public interface Optimizer {
    /** Applies one update and zeroes the gradients. */
    void step();

    /** Sets the learning rate used by the next {@link #step()} (schedules call this). */
    void setLearningRate(double lr);

    double learningRate();

    /** Number of steps taken. */
    long iteration();
}
