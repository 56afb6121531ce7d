package org.distill4ads.distill.loss;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.distill4ads.nn.Tensor;
import org.distill4ads.transformer.model.BiEncoder;

/**
 * Wraps an embedding loss so that every configured prefix of the embedding is trained to work
 * on its own (Matryoshka representation learning): one model then serves several embedding
 * sizes, trading accuracy for index size and latency.
 *
 * <pre>
 *   for each size d in dims (largest first):
 *       batch_d = the batch with every embedding cut to its first d components and L2-normalized
 *   L = Σ_d w_d · inner(batch_d)
 * </pre>
 *
 * <ul>
 *   <li><b>Defaults.</b> every weight 1. The project's usual sizes are {full, 256, 128, 64, 32},
 *       never above the model's width.</li>
 *   <li><b>Inputs.</b> whatever the inner loss takes; labels pass through unchanged. The model
 *       encodes once: the inner loss sees slices of the same embeddings, so gradients of every
 *       size flow into one encoder pass.</li>
 *   <li><b>Validation.</b> dims must be non-empty, positive and distinct; weights, when given,
 *       one per size, positive and finite; at compute time every size must be at most the
 *       embedding width D. Each error names the offending value.</li>
 *   <li><b>Origin.</b> Kusupati et al. 2022, "Matryoshka Representation Learning";
 *       sentence-transformers' MatryoshkaLoss.</li>
 *   <li><b>Related.</b> wraps any {@link EmbeddingLoss}: {@link MultipleNegativesRankingLoss},
 *       {@link PearsonCorrelationLoss}, {@link CoSENTLoss}, …</li>
 * </ul>
 */
public final class MatryoshkaLoss implements EmbeddingLoss {
    private final EmbeddingLoss inner;
    private final int[] dims;
    private final double[] weights;

    /** Every size with weight 1. */
    public MatryoshkaLoss(EmbeddingLoss inner, int... dims) {
        this(inner, dims, null);
    }

    /**
     * Sizes with their weights ({@code weights} may be {@code null} for all 1). Sizes are applied
     * largest first whatever their order here; each keeps its weight.
     */
    public MatryoshkaLoss(EmbeddingLoss inner, int[] dims, double[] weights) {
        if (inner == null) {
            throw new IllegalArgumentException("MatryoshkaLoss needs an inner loss, got null");
        }
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("MatryoshkaLoss needs at least one dimension, got " + Arrays.toString(dims));
        }
        double[] w = weights == null ? filled(dims.length) : weights.clone();
        if (w.length != dims.length) {
            throw new IllegalArgumentException("MatryoshkaLoss has " + dims.length + " dimensions " + Arrays.toString(dims)
                    + " but " + w.length + " weights " + Arrays.toString(w));
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("MatryoshkaLoss dimension " + dims[i] + " must be positive, in " + Arrays.toString(dims));
            }
            if (!(w[i] > 0) || !Double.isFinite(w[i])) {
                throw new IllegalArgumentException("MatryoshkaLoss weight " + w[i] + " for dimension " + dims[i]
                        + " must be positive and finite");
            }
            for (int j = 0; j < i; j++) {
                if (dims[j] == dims[i]) {
                    throw new IllegalArgumentException("MatryoshkaLoss dimension " + dims[i] + " appears twice in " + Arrays.toString(dims));
                }
            }
        }
        Integer[] order = IntStream.range(0, dims.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> dims[i]).reversed());
        this.inner = inner;
        this.dims = Arrays.stream(order).mapToInt(i -> dims[i]).toArray();
        this.weights = Arrays.stream(order).mapToDouble(i -> w[i]).toArray();
    }

    /**
     * The loss over the sizes {@code model} carries ({@code model.matryoshka()}), checked against
     * its width here rather than at the first batch — sentence-transformers' {@code MatryoshkaLoss(model, loss, dims)}.
     */
    public static MatryoshkaLoss forModel(BiEncoder model, EmbeddingLoss inner) {
        return forModel(model, inner, model.matryoshka().dims());
    }

    /** The loss over {@code dims}, each of which must be at most {@code model}'s width. */
    public static MatryoshkaLoss forModel(BiEncoder model, EmbeddingLoss inner, int... dims) {
        MatryoshkaLoss loss = new MatryoshkaLoss(inner, dims);
        if (loss.dims[0] > model.dimension()) {
            throw new IllegalArgumentException("MatryoshkaLoss dimension " + loss.dims[0] + " exceeds the width "
                    + model.dimension() + " of the model it trains");
        }
        return loss;
    }

    private static double[] filled(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        return w;
    }

    /** The sizes, largest first. */
    public int[] dims() {
        return dims.clone();
    }

    /** The weights, in the order of {@link #dims()}. */
    public double[] weights() {
        return weights.clone();
    }

    public EmbeddingLoss inner() {
        return inner;
    }

    @Override
    public Tensor compute(EmbeddingBatch batch) {
        if (dims[0] > batch.dimension()) {
            throw new IllegalArgumentException("MatryoshkaLoss dimension " + dims[0] + " exceeds the embedding width "
                    + batch.dimension());
        }
        Tensor total = null;
        for (int i = 0; i < dims.length; i++) {
            Tensor term = inner.compute(batch.truncate(dims[i]));
            term = weights[i] == 1.0 ? term : term.mul(weights[i]);
            total = total == null ? term : total.add(term);
        }
        return total;
    }
}
