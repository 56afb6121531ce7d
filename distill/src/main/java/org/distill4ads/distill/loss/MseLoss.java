package org.distill4ads.distill.loss;

import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean squared error between predicted scores and target scores.
 *
 * <pre>
 *   L = (1/N) Σ_i (s_i − y_i)²      (as an {@link EmbeddingLoss}: s_i = cos(anchor_i, positive_i))
 * </pre>
 *
 * <ul>
 *   <li><b>Inputs.</b> scores [N] and targets [N]; as an embedding loss, anchors and positives
 *       [B, D] with labels [B]. No parameters.</li>
 *   <li><b>Behaviour.</b> Fits absolute values, so targets must be on the scores' scale: cosines
 *       lie in [−1, 1], so teacher logits should first be mapped there (e.g. to probabilities).</li>
 *   <li><b>Origin.</b> sentence-transformers' CosineSimilarityLoss (MSE on cosines) and MSELoss.
 *       An alternative to {@link CoSENTLoss} for Search-relevance grades.</li>
 *   <li><b>Related.</b> {@link PearsonCorrelationLoss} (scale-free), {@link MarginMseLoss}
 *       (fits differences of scores).</li>
 * </ul>
 */
public final class MseLoss implements EmbeddingLoss, ScoreLoss {
    private static final String NAME = "MseLoss";

    @Override
    public Tensor compute(EmbeddingBatch batch) {
        return compute(Cosine.rows(batch.anchors(), batch.positives()), batch.requireLabels(NAME));
    }

    @Override
    public Tensor compute(Tensor scores, INDArray targets) {
        INDArray y = Labels.vector(NAME, scores, targets, 1);
        return scores.sub(Tensor.constant(y)).square().mean();
    }
}
