package org.distill4ads.nn.module;

import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A lookup table: ids of any shape to vectors, {@code ids.shape + [dim]}. */
public final class Embedding extends Module {
    private final Tensor weight;

    public Embedding(int count, int dim, DataType type, double std, long seed) {
        if (count <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding sizes must be positive, got count=" + count + " dim=" + dim);
        }
        this.weight = registerParameter("weight", Init.normal(type, std, seed, count, dim));
    }

    public Tensor forward(INDArray ids) {
        return weight.gatherRows(ids);
    }

    public Tensor weight() {
        return weight;
    }
}
