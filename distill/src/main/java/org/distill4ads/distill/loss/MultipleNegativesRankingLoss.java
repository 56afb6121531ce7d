package org.distill4ads.distill.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distill4ads.nn.Tensor;

/**
 * In-batch negatives ranking loss (InfoNCE): each anchor must pick its own positive among every
 * positive (and hard negative) in the batch.
 *
 * <pre>
 *   C = [positives; negatives_1; …; negatives_k]           [(1+k)·B, D]
 *   S = scale · cos(anchors, C)                             [B, (1+k)·B]
 *   L = −(1/B) Σ_i log softmax(S_i)[i]                      (cross-entropy against the diagonal)
 *   symmetric:  L = ( L + CE(scale · cos(positives, anchors), diagonal) ) / 2
 * </pre>
 *
 * <ul>
 *   <li><b>Defaults.</b> scale 20 (a temperature of 0.05), not symmetric.</li>
 *   <li><b>Inputs.</b> anchors and positives [B, D]; optional hard negatives, each [B, D] with
 *       one negative per anchor, which become extra columns shared by every anchor. Labels
 *       are ignored: row i's positive is positive i. B ≥ 1 (with B = 1 and no negatives the
 *       loss is 0: there is nothing to rank against).</li>
 *   <li><b>Symmetric form</b> adds the positive → anchor direction (each positive must pick its
 *       anchor among the anchors); hard negatives take part only in the anchor → positive
 *       direction.</li>
 *   <li><b>Caveat.</b> Duplicate positives in a batch become false negatives; batches should
 *       hold distinct pairs. Larger batches give more negatives.</li>
 *   <li><b>Origin.</b> Henderson et al. 2017 (Efficient natural language response suggestion);
 *       van den Oord et al. 2018 (InfoNCE); sentence-transformers'
 *       MultipleNegativesRankingLoss. Used here for click pairs, which are positives only.</li>
 *   <li><b>Related.</b> {@link CoSENTLoss} for graded labels; {@link KlDistillationLoss} when a
 *       teacher scores the candidates.</li>
 * </ul>
 */
public final class MultipleNegativesRankingLoss implements EmbeddingLoss {
    public static final double DEFAULT_SCALE = 20.0;

    private final double scale;
    private final boolean symmetric;

    /** Scale 20, anchor → positive only. */
    public MultipleNegativesRankingLoss() {
        this(DEFAULT_SCALE, false);
    }

    public MultipleNegativesRankingLoss(double scale, boolean symmetric) {
        this.scale = Labels.positive("MultipleNegativesRankingLoss scale", scale);
        this.symmetric = symmetric;
    }

    public double scale() {
        return scale;
    }

    public boolean symmetric() {
        return symmetric;
    }

    @Override
    public Tensor compute(EmbeddingBatch batch) {
        List<Tensor> columns = new ArrayList<>();
        columns.add(batch.positives());
        columns.addAll(batch.negatives());
        Tensor candidates = columns.size() == 1 ? batch.positives()
                : Tensor.concat(0, columns.toArray(new Tensor[0]));                    // [(1+k)B, D]
        Tensor loss = fromScores(Cosine.matrix(batch.anchors(), candidates).mul(scale)); // [B, (1+k)B]
        if (!symmetric) {
            return loss;
        }
        Tensor reverse = fromScores(Cosine.matrix(batch.positives(), batch.anchors()).mul(scale)); // [B, B]
        return loss.add(reverse).mul(0.5);
    }

    /**
     * Cross-entropy of already scaled scores [B, C] (C ≥ B) against the diagonal: row i's target
     * is column i.
     */
    public static Tensor fromScores(Tensor scores) {
        if (scores.rank() != 2 || scores.size(1) < scores.size(0)) {
            throw new IllegalArgumentException("MultipleNegativesRankingLoss needs scores [B, C] with C >= B, got "
                    + Arrays.toString(scores.shape()));
        }
        int b = (int) scores.size(0);
        int[] diagonal = new int[b];
        for (int i = 0; i < b; i++) {
            diagonal[i] = i;
        }
        return scores.crossEntropy(diagonal);
    }
}
