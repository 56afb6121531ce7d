package org.distill4ads.nn.module;

import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/** Layer normalization over the last dimension with a configurable epsilon (BERT: 1e-12). */
public final class LayerNorm extends Module {
    private final Tensor weight;
    private final Tensor bias;
    private final double eps;

    public LayerNorm(int dim, double eps, DataType type) {
        if (dim <= 0) {
            throw new IllegalArgumentException("LayerNorm dimension must be positive, got " + dim);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm epsilon must be positive, got " + eps);
        }
        this.eps = eps;
        this.weight = registerParameter("weight", Init.ones(type, dim));
        this.bias = registerParameter("bias", Init.zeros(type, dim));
    }

    public Tensor forward(Tensor x) {
        return x.addLayerNorm(null, weight, bias, eps);
    }

    /** LayerNorm(x + residual): the residual connection and the normalization in one pass. */
    public Tensor forward(Tensor x, Tensor residual) {
        return x.addLayerNorm(residual, weight, bias, eps);
    }

    public double eps() {
        return eps;
    }
}
