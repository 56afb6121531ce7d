package org.distill4ads.distill.train;

import java.util.List;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The global gradient norm (accumulated in double) and clipping to a maximum norm. */
final class Gradients {
    private Gradients() {}

    /** sqrt(Σ ‖grad‖²) over parameters that have a gradient; NaN or ∞ when any gradient is. */
    static double norm(List<Tensor> params) {
        double sumSquares = 0;
        for (Tensor p : params) {
            INDArray g = p.gradOrNull();
            if (g != null) {
                double n = g.norm2Number().doubleValue();
                sumSquares += n * n;
            }
        }
        return Math.sqrt(sumSquares);
    }

    /** Scales every gradient by max / norm when the global {@code norm} exceeds {@code max}. */
    static void clip(List<Tensor> params, double norm, double max) {
        if (norm <= max) {
            return;
        }
        double factor = max / (norm + 1e-6);
        for (Tensor p : params) {
            INDArray g = p.gradOrNull();
            if (g != null) {
                g.muli(factor);
            }
        }
    }
}
