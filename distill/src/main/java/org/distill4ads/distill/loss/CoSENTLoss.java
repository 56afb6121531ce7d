package org.distill4ads.distill.loss;

import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ranking loss for graded scores (CoSENT): every pair of examples whose labels are ordered
 * should have its predicted scores ordered the same way.
 *
 * <pre>
 *   s = predicted scores [N]  (as an {@link EmbeddingLoss}: s_i = cos(anchor_i, positive_i))
 *   y = graded labels [N]
 *   L = log( 1 + Σ_{(i, j): y_i > y_j} exp( scale · (s_j − s_i) ) )
 * </pre>
 *
 * <ul>
 *   <li><b>Defaults.</b> scale 20.</li>
 *   <li><b>Inputs.</b> scores [N] and labels [N] (any real grades: only their order matters);
 *       as an embedding loss, anchors and positives [B, D] with labels [B]. Pairs with equal
 *       labels are ignored; a batch with no ordered pair gives 0 with zero gradient.</li>
 *   <li><b>Behaviour.</b> Only the order of the scores matters, not their values, so it does
 *       not force cosines towards the labels' scale. When every ordered pair is separated by a
 *       margin m the loss is at most log(1 + P·exp(−scale·m)) for P ordered pairs, which tends
 *       to 0 as the scale grows.</li>
 *   <li><b>Origin.</b> Su Jianlin, "CoSENT" (2022); sentence-transformers' CoSENTLoss. Used here
 *       for Search-relevance (SR) grades.</li>
 *   <li><b>Related.</b> {@link MseLoss} fits the values instead of their order;
 *       {@link PearsonCorrelationLoss} fits a linear relation over the whole batch.</li>
 * </ul>
 */
public final class CoSENTLoss implements EmbeddingLoss, ScoreLoss {
    public static final double DEFAULT_SCALE = 20.0;
    private static final String NAME = "CoSENTLoss";
    /** Added to the pairs that do not count; exp() of it underflows to exactly 0. */
    private static final double EXCLUDED = -1e9;

    private final double scale;

    public CoSENTLoss() {
        this(DEFAULT_SCALE);
    }

    public CoSENTLoss(double scale) {
        this.scale = Labels.positive(NAME + " scale", scale);
    }

    public double scale() {
        return scale;
    }

    @Override
    public Tensor compute(EmbeddingBatch batch) {
        return compute(Cosine.rows(batch.anchors(), batch.positives()), batch.requireLabels(NAME));
    }

    @Override
    public Tensor compute(Tensor scores, INDArray labels) {
        INDArray y = Labels.vector(NAME, scores, labels, 1);
        int n = (int) scores.size(0);
        // exclusion[i, j] = 0 where y_i > y_j (the pair counts), EXCLUDED elsewhere.
        double[] grade = y.toDoubleVector();
        double[] exclusion = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                exclusion[i * n + j] = grade[i] > grade[j] ? 0.0 : EXCLUDED;
            }
        }
        Tensor diff = scores.reshape(1, n).sub(scores.reshape(n, 1));         // [N, N]: s_j − s_i
        Tensor terms = diff.mul(scale)
                .add(Tensor.constant(Nd4j.create(exclusion, new long[] {n, n}, scores.dataType())))
                .reshape((long) n * n);                                      // [N·N]
        Tensor one = Tensor.constant(Nd4j.zeros(scores.dataType(), 1));      // the "1 +": exp(0)
        return Tensor.concat(0, one, terms).logSumExp(0, false);
    }
}
