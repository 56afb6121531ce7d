package org.distill4ads.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How an op pushes the gradient of its output back to its inputs.
 *
 * <p>Implementations receive the gradient of the loss with respect to the op's output (same
 * shape as the output; treat it as read-only) and call {@link Tensor#accumulateGrad} or
 * {@link Tensor#accumulateOwnedGrad} on each input.
 */
@FunctionalInterface
public interface Backward {
    void apply(INDArray gradOutput);
}
