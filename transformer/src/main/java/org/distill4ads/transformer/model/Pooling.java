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
        return hidden.maskedMean(mask);                                         // [B, H]
    }

    public static Pooling parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pooling '" + s + "', expected cls or mean");
        }
    }
}
