package org.distill4ads.distill.train;

import java.util.List;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.optim.GradientClipping;

/** The trainer's view of nn-core's gradient norm and clipping. */
final class Gradients {
    private Gradients() {}

    /** sqrt(Σ ‖grad‖²) over parameters that have a gradient; NaN or ∞ when any gradient is. */
    static double norm(List<Tensor> params) {
        return GradientClipping.globalNorm(params);
    }

    /** Scales every gradient by max / norm when the global {@code norm} exceeds {@code max}. */
    static void clip(List<Tensor> params, double norm, double max) {
        GradientClipping.clip(params, norm, max);
    }
}
