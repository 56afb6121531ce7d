package org.distill4ads.distill.loss;

import java.util.Arrays;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Margin-MSE distillation: the student's margin between a positive and a negative should equal
 * the teacher's margin for the same triple.
 *
 * <pre>
 *   m̂_ij = cos(anchor_i, positive_i) − cos(anchor_i, negative_j,i)     student margin
 *   m_ij  = teacher(anchor_i, positive_i) − teacher(anchor_i, negative_j,i)   (the labels)
 *   L = (1/(B·k)) Σ_i Σ_j (m̂_ij − m_ij)²
 * </pre>
 *
 * <ul>
 *   <li><b>Inputs.</b> anchors, positives and k ≥ 1 hard-negative tensors, each [B, D]; labels
 *       are the teacher's margins, [B] when k = 1 or [B, k]. Margins are absolute, so the
 *       teacher's scores should be on the cosine scale (e.g. probabilities, not raw logits).</li>
 *   <li><b>Score level.</b> {@link #fromMargins(Tensor, INDArray)} takes student margins directly,
 *       for models that score triples another way.</li>
 *   <li><b>Origin.</b> Hofstätter et al. 2020, "Improving Efficient Neural Ranking Models with
 *       Cross-Architecture Knowledge Distillation"; sentence-transformers' MarginMSELoss (which
 *       uses dot products; cosines here, like every embedding loss in this package).</li>
 *   <li><b>Related.</b> {@link PearsonCorrelationLoss} (needs no negatives, ignores scale),
 *       {@link KlDistillationLoss} (distributions over the same candidates).</li>
 * </ul>
 */
public final class MarginMseLoss implements EmbeddingLoss {
    private static final String NAME = "MarginMseLoss";

    @Override
    public Tensor compute(EmbeddingBatch batch) {
        int k = batch.negatives().size();
        if (k == 0) {
            throw new IllegalArgumentException(NAME + " needs at least one hard-negative tensor in the batch, got none");
        }
        int b = batch.size();
        Tensor positive = Cosine.rows(batch.anchors(), batch.positives());                  // [B]
        Tensor[] margins = new Tensor[k];
        for (int j = 0; j < k; j++) {
            Tensor negative = Cosine.rows(batch.anchors(), batch.negatives().get(j));       // [B]
            margins[j] = positive.sub(negative).reshape(b, 1);                              // [B, 1]
        }
        Tensor student = k == 1 ? margins[0] : Tensor.concat(1, margins);                   // [B, k]
        INDArray teacher = batch.requireLabels(NAME);
        if (teacher.length() != (long) b * k) {
            throw new IllegalArgumentException(NAME + ": labels " + Arrays.toString(teacher.shape())
                    + " must hold " + k + " teacher margin(s) per anchor, shape [" + b + (k == 1 ? "]" : ", " + k + "]"));
        }
        return fromMargins(student, teacher.reshape(b, k));
    }

    /** Mean squared difference of student margins and teacher margins of the same shape. */
    public static Tensor fromMargins(Tensor studentMargins, INDArray teacherMargins) {
        INDArray m = Labels.sameShape(NAME, studentMargins, teacherMargins);
        return studentMargins.sub(Tensor.constant(m)).square().mean();
    }
}
