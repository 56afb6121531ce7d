package org.distill4ads.distill.train;

import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Dropout;
import org.distill4ads.nn.module.Linear;
import org.distill4ads.nn.module.Module;
import org.nd4j.linalg.api.buffer.DataType;

/** A tiny siamese encoder for tests: feature vector [B, F] -> Linear -> tanh -> dropout -> Linear -> [B, D]. */
final class ToyEncoder extends Module {
    private final Linear hidden;
    private final Dropout dropout;
    private final Linear out;

    ToyEncoder(int features, int width, int dim, double dropoutP, long seed) {
        hidden = registerModule("hidden", new Linear(features, width, true, DataType.FLOAT, 0.3, seed));
        dropout = registerModule("dropout", new Dropout(dropoutP, seed + 1));
        out = registerModule("out", new Linear(width, dim, true, DataType.FLOAT, 0.3, seed + 2));
    }

    Tensor encode(Tensor x) {
        return out.forward(dropout.forward(hidden.forward(x).tanh())); // [B, D]
    }
}
