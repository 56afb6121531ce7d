package org.distill4ads.distill.loss;

import org.distill4ads.nn.Tensor;

/**
 * A loss computed from the embeddings of a batch (never from text), so that a wrapper such as
 * {@link MatryoshkaLoss} can reuse one encoding for several losses or prefix sizes.
 *
 * <p>Implementations return a scalar tensor connected to the embeddings' graph: calling
 * {@code backward()} on it fills the encoder's gradients.
 */
@FunctionalInterface
public interface EmbeddingLoss {
    /** The mean loss of the batch: a scalar. */
    Tensor compute(EmbeddingBatch batch);
}
