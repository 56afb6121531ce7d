package org.distill4ads.nn.module;

import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A lookup table: ids of any shape to vectors, {@code ids.shape + [dim]}.
 *
 * <p>A {@linkplain #freeze() frozen} table stays a parameter (saved, loaded, counted) but its
 * lookups record no gradient: no [V, H] gradient is scattered in backward and an optimizer finds
 * no gradient to apply, so it leaves the table and its moments unchanged. Fine-tuning a pretrained
 * encoder with a large vocabulary (30,522 x 384 word embeddings in MiniLM) this way costs only
 * the rows a batch reads.
 */
public final class Embedding extends Module {
    private final Tensor weight;
    private boolean frozen;

    public Embedding(int count, int dim, DataType type, double std, long seed) {
        if (count <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding sizes must be positive, got count=" + count + " dim=" + dim);
        }
        this.weight = registerParameter("weight", Init.normal(type, std, seed, count, dim));
    }

    public Tensor forward(INDArray ids) {
        return frozen ? Tensor.constant(weight.value()).gatherRows(ids) : weight.gatherRows(ids);
    }

    /** Stops learning the table (see the class comment); {@link #unfreeze()} undoes it. */
    public Embedding freeze() {
        frozen = true;
        weight.zeroGrad();
        return this;
    }

    public Embedding unfreeze() {
        frozen = false;
        return this;
    }

    /**
     * Whether lookups hand the table a gradient of the touched rows only ({@link org.distill4ads.nn.RowGradient})
     * instead of a dense [count, dim] one; AdamW then updates those rows lazily (see its class comment).
     */
    public Embedding sparseGradient(boolean on) {
        weight.sparseRowGradient(on);
        return this;
    }

    public boolean sparseGradient() {
        return weight.sparseRowGradient();
    }

    public boolean frozen() {
        return frozen;
    }

    public Tensor weight() {
        return weight;
    }
}
