package org.distill4ads.transformer.model;

import java.util.Locale;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** How token vectors [B, T, H] become one vector per sequence [B, H]. */
public enum Pooling {
    /** The first ([CLS]) token's vector. */
    CLS,
    /** The mean of the vectors of real (mask 1) tokens, as sentence-transformers computes it. */
    MEAN;

    public Tensor pool(Tensor hidden, INDArray mask) {
        long b = hidden.size(0);
        long t = hidden.size(1);
        long h = hidden.size(2);
        if (this == CLS) {
            return hidden.slice(1, 0, 1).reshape(b, h);                          // [B, H]
        }
        INDArray m = mask.castTo(hidden.dataType());                             // [B, T]
        INDArray counts = m.sum(true, 1);                                        // [B, 1]
        if (counts.minNumber().doubleValue() <= 0) {
            throw new IllegalArgumentException("mean pooling needs at least one real token per sequence");
        }
        Tensor weights = Tensor.constant(m.div(counts).reshape(b, t, 1));       // [B, T, 1]
        return hidden.mul(weights).sum(false, 1);                               // [B, H]
    }

    public static Pooling parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pooling '" + s + "', expected cls or mean");
        }
    }
}
