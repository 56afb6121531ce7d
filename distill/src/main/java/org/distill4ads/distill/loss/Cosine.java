package org.distill4ads.distill.loss;

import java.util.Arrays;
import org.distill4ads.nn.Tensor;

/** Cosine similarities between embeddings, the score every embedding loss here starts from. */
public final class Cosine {
    /** Norms below this are clamped, so a zero vector gives similarity 0 instead of NaN. */
    public static final double EPS = 1e-12;

    private Cosine() {}

    /** cos(a_i, b_i) for each row i of two [B, D] tensors: [B]. */
    public static Tensor rows(Tensor a, Tensor b) {
        if (a.rank() != 2 || !Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("row-wise cosine needs two [B, D] tensors of one shape, got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        return a.l2Normalize(EPS).mul(b.l2Normalize(EPS)).sum(false, 1); // [B]
    }

    /** cos(a_i, b_j) for every row i of a [N, D] and row j of b [M, D]: [N, M]. */
    public static Tensor matrix(Tensor a, Tensor b) {
        return a.cosineSimilarityMatrix(b);
    }
}
