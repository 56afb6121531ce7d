package org.distill4ads.distill.loss;

import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Binary cross-entropy on logits: how a cross-encoder with one output learns the judge's
 * relevant / irrelevant labels.
 *
 * <pre>
 *   L = −(1/N) Σ_i [ y_i · log σ(z_i) + (1 − y_i) · log(1 − σ(z_i)) ]
 *     =  (1/N) Σ_i [ max(z_i, 0) − z_i·y_i + log(1 + exp(−|z_i|)) ]     (the stable form used)
 * </pre>
 *
 * <ul>
 *   <li><b>Inputs.</b> logits z of any shape (typically [N] or [N, 1]) and labels y in [0, 1]
 *       with as many elements. Soft labels (probabilities from a teacher) are allowed. Labels
 *       outside [0, 1] are an error.</li>
 *   <li><b>Defaults.</b> No class weighting; σ(z) is the predicted probability of relevance, as
 *       in a sentence-transformers cross-encoder with one output (BCEWithLogitsLoss).</li>
 *   <li><b>Origin.</b> The standard logistic loss; the cross-encoder objective of "To Judge or not
 *       to Judge" (Dey et al., 2025).</li>
 *   <li><b>Related.</b> {@link KlDistillationLoss} for soft targets over lists of candidates;
 *       {@link MseLoss} on probabilities.</li>
 * </ul>
 */
public final class BinaryCrossEntropyLoss implements ScoreLoss {
    private static final String NAME = "BinaryCrossEntropyLoss";

    @Override
    public Tensor compute(Tensor logits, INDArray labels) {
        if (labels == null || labels.length() != logits.value().length()) {
            throw new IllegalArgumentException(NAME + ": labels " + (labels == null ? "null" : labels.length() + " values")
                    + " must hold one value per logit, " + logits.value().length() + " logits");
        }
        INDArray y = Labels.finite(NAME, labels.reshape(logits.shape()).castTo(logits.dataType()));
        return logits.bceWithLogits(y);
    }
}
