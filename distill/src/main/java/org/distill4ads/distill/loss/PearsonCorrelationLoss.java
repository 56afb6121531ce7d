package org.distill4ads.distill.loss;

import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Distillation loss {@code 1 − r}, where r is Pearson's correlation between the student's
 * scores and the teacher's scores over a batch. It matches the teacher's ranking and the
 * shape of its score distribution rather than its absolute values, which is why the student
 * (cosines in [−1, 1]) can learn from a teacher on another scale (cross-encoder logits).
 *
 * <pre>
 *   x = student scores [N]  (as an {@link EmbeddingLoss}: x_i = cos(anchor_i, positive_i))
 *   y = teacher scores [N]  (after the configured {@link TeacherScores} transform)
 *   r = Σ (x_i − x̄)(y_i − ȳ) / ( ‖x − x̄‖ · ‖y − ȳ‖ )
 *   L = 1 − r                                         ∈ [0, 2]
 * </pre>
 *
 * <ul>
 *   <li><b>Inputs.</b> {@link #compute(Tensor, INDArray)}: scores [N] and teacher scores [N];
 *       {@link #compute(EmbeddingBatch)}: anchors and positives [B, D] with labels [B]. At
 *       least 2 pairs per batch, otherwise an exception.</li>
 *   <li><b>Teacher scores.</b> {@link TeacherScores#AS_GIVEN} (default) uses them as given:
 *       logits or probabilities alike, and any positive affine rescaling of them gives the same
 *       loss. {@link TeacherScores#SIGMOID} treats them as logits and correlates with
 *       sigmoid(logit) instead, which damps the teacher's extreme logits.</li>
 *   <li><b>Zero variance.</b> A batch whose teacher scores are all equal carries no ranking
 *       information: the loss is a zero tensor that stays connected to the graph, so it
 *       contributes nothing (value 0, gradient 0). If the student's scores are all equal the
 *       norm of their centred values is clamped at {@value #STUDENT_EPS}: r is 0 (loss 1)
 *       and the gradient, still finite, points along the teacher's centred scores.</li>
 *   <li><b>Origin.</b> The distillation loss of LLMDistill4Ads (Dey et al., 2025), there used to
 *       distil cross-encoder scores into the bi-encoder.</li>
 *   <li><b>Related.</b> {@link MseLoss} matches absolute values; {@link CoSENTLoss} only the
 *       order of pairs; {@link KlDistillationLoss} distributions over candidate lists.</li>
 * </ul>
 */
public final class PearsonCorrelationLoss implements EmbeddingLoss, ScoreLoss {
    /** Clamp on the norm of the student's centred scores (see the class documentation). */
    public static final double STUDENT_EPS = 1e-8;

    /** How the teacher's scores are read before correlating. */
    public enum TeacherScores {
        /** Use the scores as they are (logits or probabilities). */
        AS_GIVEN,
        /** Scores are logits: correlate with their sigmoid. */
        SIGMOID
    }

    private static final String NAME = "PearsonCorrelationLoss";
    private final TeacherScores teacherScores;

    /** Teacher scores used as given. */
    public PearsonCorrelationLoss() {
        this(TeacherScores.AS_GIVEN);
    }

    public PearsonCorrelationLoss(TeacherScores teacherScores) {
        if (teacherScores == null) {
            throw new IllegalArgumentException(NAME + ": teacherScores must not be null");
        }
        this.teacherScores = teacherScores;
    }

    public TeacherScores teacherScores() {
        return teacherScores;
    }

    @Override
    public Tensor compute(EmbeddingBatch batch) {
        return compute(Cosine.rows(batch.anchors(), batch.positives()), batch.requireLabels(NAME));
    }

    @Override
    public Tensor compute(Tensor scores, INDArray teacher) {
        INDArray y = Labels.vector(NAME, scores, teacher, 2);
        if (teacherScores == TeacherScores.SIGMOID) {
            y = Transforms.sigmoid(y, true);
        }
        // The teacher is a constant, so its centring and normalization happen outside the graph.
        INDArray yc = y.sub(y.meanNumber().doubleValue());           // [N]
        double yNorm = yc.norm2Number().doubleValue();
        double scale = Math.max(1.0, y.amaxNumber().doubleValue());
        if (!(yNorm > 1e-12 * scale)) {
            return scores.mul(0.0).sum();                            // zero, no gradient contribution
        }
        Tensor yHat = Tensor.constant(yc.divi(yNorm));               // [N], unit norm, mean 0
        Tensor xc = scores.sub(scores.mean(true, 0));                // [N]
        Tensor r = xc.l2Normalize(STUDENT_EPS).mul(yHat).sum();      // scalar
        return r.rsub(1.0);
    }
}
