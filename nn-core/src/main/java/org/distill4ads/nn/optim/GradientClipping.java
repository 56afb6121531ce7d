package org.distill4ads.nn.optim;

import java.util.Collection;
import org.distill4ads.nn.RowGradient;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The global gradient norm and clipping to a maximum norm (as torch.nn.utils.clip_grad_norm_). */
public final class GradientClipping {
    private GradientClipping() {}

    /** sqrt(Σ ‖grad‖²) over parameters that have a gradient, accumulated in double; NaN or ∞ when any gradient is. */
    public static double globalNorm(Collection<Tensor> params) {
        double sumSquares = 0;
        for (Tensor p : params) {
            RowGradient rows = p.rowGradOrNull();
            if (rows != null) {
                sumSquares += rows.sumOfSquares();
                continue;
            }
            INDArray g = p.gradOrNull();
            if (g != null) {
                double n = g.norm2Number().doubleValue();
                sumSquares += n * n;
            }
        }
        return Math.sqrt(sumSquares);
    }

    /** Scales every gradient by max / (norm + 1e-6) when the global {@code norm} exceeds {@code max}. */
    public static void clip(Collection<Tensor> params, double norm, double max) {
        if (!(max > 0)) {
            throw new IllegalArgumentException("maximum gradient norm must be positive, got " + max);
        }
        if (norm <= max) {
            return;
        }
        double factor = max / (norm + 1e-6);
        for (Tensor p : params) {
            RowGradient rows = p.rowGradOrNull();
            if (rows != null) {
                rows.scale(factor);   // a row gradient stays one
                continue;
            }
            INDArray g = p.gradOrNull();
            if (g != null) {
                g.muli(factor);
            }
        }
    }

    /** Clips to {@code max} and returns the norm before clipping. */
    public static double clipByGlobalNorm(Collection<Tensor> params, double max) {
        double norm = globalNorm(params);
        clip(params, norm, max);
        return norm;
    }
}
