package org.distill4ads.distill.loss;

import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss over one score per example against one label per example: the form shared by
 * bi-encoder distillation (scores are cosines) and cross-encoder training (scores are logits).
 */
@FunctionalInterface
public interface ScoreLoss {
    /** The loss of scores [N] against labels [N] (a constant): a scalar. */
    Tensor compute(Tensor scores, INDArray labels);
}
