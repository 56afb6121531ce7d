package org.distill4ads.distill.loss;

import java.util.Arrays;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Knowledge distillation with a temperature: the student's softmax over each anchor's
 * candidates should match the teacher's.
 *
 * <pre>
 *   p = softmax(t / T)      teacher distribution per row     t: teacher logits [B, C]
 *   q = softmax(s / T)      student distribution per row     s: student logits [B, C]
 *   L = T² · (1/B) Σ_i Σ_c p_ic · (log p_ic − log q_ic)       = T² · mean_i KL(p_i ‖ q_i)
 * </pre>
 *
 * <ul>
 *   <li><b>Defaults.</b> temperature T = 1; as an embedding loss, student logits are
 *       {@code scale · cos} with scale 20 (as in {@link MultipleNegativesRankingLoss}).</li>
 *   <li><b>Inputs.</b> {@link #fromLogits(Tensor, INDArray)}: student logits and teacher logits,
 *       both [B, C] with C ≥ 2. {@link #compute(EmbeddingBatch)}: anchors, positives and k ≥ 1
 *       hard negatives [B, D]; row i's candidates are (positive_i, negative_1,i, …,
 *       negative_k,i), so labels are teacher logits [B, 1 + k] in that order. Teacher
 *       log-probabilities work as logits too.</li>
 *   <li><b>Why T².</b> Gradients of the softened distributions shrink as 1/T², so scaling by T²
 *       keeps their size comparable across temperatures (Hinton et al.).</li>
 *   <li><b>Origin.</b> Hinton, Vinyals and Dean 2015, "Distilling the Knowledge in a Neural
 *       Network"; sentence-transformers' DistillKLDivLoss.</li>
 *   <li><b>Related.</b> {@link MarginMseLoss} (fits margins, not distributions),
 *       {@link PearsonCorrelationLoss} (one score per pair, batch-level).</li>
 * </ul>
 */
public final class KlDistillationLoss implements EmbeddingLoss {
    public static final double DEFAULT_TEMPERATURE = 1.0;
    public static final double DEFAULT_SCALE = 20.0;
    private static final String NAME = "KlDistillationLoss";

    private final double temperature;
    private final double scale;

    /** Temperature 1, student scale 20. */
    public KlDistillationLoss() {
        this(DEFAULT_TEMPERATURE, DEFAULT_SCALE);
    }

    public KlDistillationLoss(double temperature, double scale) {
        this.temperature = Labels.positive(NAME + " temperature", temperature);
        this.scale = Labels.positive(NAME + " scale", scale);
    }

    public double temperature() {
        return temperature;
    }

    public double scale() {
        return scale;
    }

    @Override
    public Tensor compute(EmbeddingBatch batch) {
        int k = batch.negatives().size();
        if (k == 0) {
            throw new IllegalArgumentException(NAME + " needs at least one hard-negative tensor in the batch, got none");
        }
        int b = batch.size();
        Tensor[] columns = new Tensor[k + 1];
        columns[0] = Cosine.rows(batch.anchors(), batch.positives()).reshape(b, 1);
        for (int j = 0; j < k; j++) {
            columns[j + 1] = Cosine.rows(batch.anchors(), batch.negatives().get(j)).reshape(b, 1);
        }
        Tensor student = Tensor.concat(1, columns).mul(scale);                             // [B, 1+k]
        return fromLogits(student, batch.requireLabels(NAME));
    }

    /** The loss of student logits [B, C] against teacher logits [B, C]. */
    public Tensor fromLogits(Tensor student, INDArray teacher) {
        if (student.rank() != 2 || student.size(1) < 2) {
            throw new IllegalArgumentException(NAME + " needs student logits [B, C] with C >= 2 candidates, got "
                    + Arrays.toString(student.shape()));
        }
        INDArray t = Labels.sameShape(NAME, student, teacher).div(temperature);            // [B, C]
        // The teacher is constant: its log-softmax and entropy term are computed outside the graph.
        INDArray shifted = t.subi(t.max(true, 1));
        INDArray logP = shifted.subi(Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false));
        INDArray p = Transforms.exp(logP, true);
        double b = student.size(0);
        double t2 = temperature * temperature;
        double negEntropy = p.mul(logP).sumNumber().doubleValue();                          // Σ p log p
        Tensor logQ = student.div(temperature).logSoftmax(1);                               // [B, C]
        Tensor crossEntropy = logQ.mul(Tensor.constant(p)).sum();                           // Σ p log q
        return crossEntropy.rsub(negEntropy).mul(t2 / b);
    }
}
