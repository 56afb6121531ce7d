package org.distill4ads.distill.loss;

import java.util.Arrays;
import java.util.List;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The embeddings of one training batch, computed once by the model and shared by every loss
 * that reads them (a {@link MatryoshkaLoss} truncates the same tensors once per size).
 *
 * <p>Row {@code i} of every tensor belongs to example {@code i}:
 * <ul>
 *   <li>{@code anchors} [B, D]: the query side (an item, in keyphrase recommendation);</li>
 *   <li>{@code positives} [B, D]: the matching side (a keyphrase), one per anchor;</li>
 *   <li>{@code negatives}: zero or more [B, D] tensors, each holding one hard negative per anchor;</li>
 *   <li>{@code labels}: {@code null}, or a constant whose first dimension is B (teacher scores,
 *       graded relevance, teacher margins or teacher logits, depending on the loss).</li>
 * </ul>
 * Embeddings need not be normalized; losses that use cosine similarity normalize them.
 */
public record EmbeddingBatch(Tensor anchors, Tensor positives, List<Tensor> negatives, INDArray labels) {
    public EmbeddingBatch {
        if (anchors == null || positives == null) {
            throw new IllegalArgumentException("anchors and positives are required, got anchors=" + anchors
                    + " positives=" + positives);
        }
        if (anchors.rank() != 2) {
            throw new IllegalArgumentException("anchors must be [B, D], got " + Arrays.toString(anchors.shape()));
        }
        negatives = negatives == null ? List.of() : List.copyOf(negatives);
        checkSameShape("positives", positives, anchors);
        for (int i = 0; i < negatives.size(); i++) {
            checkSameShape("negatives[" + i + "]", negatives.get(i), anchors);
        }
        if (labels != null && (labels.rank() == 0 || labels.size(0) != anchors.size(0))) {
            throw new IllegalArgumentException("labels " + Arrays.toString(labels.shape())
                    + " must have first dimension B = " + anchors.size(0));
        }
    }

    /** Anchors and positives with no hard negatives and no labels (in-batch negatives only). */
    public static EmbeddingBatch pairs(Tensor anchors, Tensor positives) {
        return new EmbeddingBatch(anchors, positives, List.of(), null);
    }

    /** Anchors and positives with one label per pair (teacher or graded scores). */
    public static EmbeddingBatch scored(Tensor anchors, Tensor positives, INDArray labels) {
        return new EmbeddingBatch(anchors, positives, List.of(), labels);
    }

    private static void checkSameShape(String what, Tensor t, Tensor anchors) {
        if (t == null || !Arrays.equals(t.shape(), anchors.shape())) {
            throw new IllegalArgumentException(what + " " + (t == null ? "null" : Arrays.toString(t.shape()))
                    + " must have the anchors' shape " + Arrays.toString(anchors.shape()));
        }
    }

    /** Batch size B. */
    public int size() {
        return (int) anchors.size(0);
    }

    /** Embedding width D. */
    public int dimension() {
        return (int) anchors.size(1);
    }

    /** The labels, or an exception naming {@code loss} when it needs them and there are none. */
    public INDArray requireLabels(String loss) {
        if (labels == null) {
            throw new IllegalArgumentException(loss + " needs labels in the EmbeddingBatch, but it has none");
        }
        return labels;
    }

    /**
     * The same batch with every embedding cut to its first {@code dim} components and
     * L2-normalized again (the Matryoshka prefix of width {@code dim}); labels are unchanged.
     */
    public EmbeddingBatch truncate(int dim) {
        if (dim <= 0 || dim > dimension()) {
            throw new IllegalArgumentException("truncation size " + dim + " must be in [1, " + dimension() + "]");
        }
        List<Tensor> negs = negatives.stream().map(n -> prefix(n, dim)).toList();
        return new EmbeddingBatch(prefix(anchors, dim), prefix(positives, dim), negs, labels);
    }

    private static Tensor prefix(Tensor t, int dim) {
        Tensor cut = dim == t.size(1) ? t : t.slice(1, 0, dim); // [B, dim]
        return cut.l2Normalize(Cosine.EPS);
    }
}
