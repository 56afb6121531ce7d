package org.distill4ads.transformer.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MimeticInitTest {
    @Test
    void queryAndKeyStartEqualNearAScaledIdentity() {
        BertConfig config = BertConfig.small(40, 32, 3, 4, 16);
        BertEncoder encoder = new BertEncoder(config, DataType.FLOAT, 1);
        INDArray valueBefore = encoder.namedParameters().get("encoder.layer.1.attention.self.value.weight").value().dup();
        assertEquals(6, MimeticInit.apply(encoder, 4.0, 0.02, 7), "query and key of three layers");
        Map<String, Tensor> p = encoder.namedParameters();
        for (int layer = 0; layer < 3; layer++) {
            INDArray q = p.get("encoder.layer." + layer + ".attention.self.query.weight").value();
            INDArray k = p.get("encoder.layer." + layer + ".attention.self.key.weight").value();
            assertEquals(q, k, "layer " + layer);
            double diag = 0;
            double off = 0;
            for (int i = 0; i < 32; i++) {
                for (int j = 0; j < 32; j++) {
                    double v = q.getDouble(i, j);
                    if (i == j) {
                        diag += v / 32;
                    } else {
                        off += v * v / (32 * 31);
                    }
                }
            }
            assertEquals(2.0, diag, 0.02, "mean diagonal = sqrt(alpha)");
            assertEquals(0.02, Math.sqrt(off), 0.004, "noise std");
        }
        assertEquals(valueBefore, p.get("encoder.layer.1.attention.self.value.weight").value(), "other weights untouched");
        // W_Q W_K^T ≈ alpha I
        INDArray q0 = p.get("encoder.layer.0.attention.self.query.weight").value();
        assertEquals(4.0, q0.mmul(q0.transpose()).getDouble(5, 5), 0.3);
    }

    @Test
    void badArgumentsAreNamed() {
        BertEncoder encoder = new BertEncoder(BertConfig.small(40, 8, 1, 2, 8), DataType.FLOAT, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MimeticInit.apply(encoder, 0, 0.02, 1));
        assertTrue(e.getMessage().contains("alpha 0.0"), e.getMessage());
        assertEquals(0, MimeticInit.apply(new Linear0(), 1, 0, 1), "a model without attention is left alone");
    }

    /** A module without attention weights. */
    static final class Linear0 extends org.distill4ads.nn.module.Module {
        Linear0() {
            registerModule("dense", new org.distill4ads.nn.module.Linear(3, 3, true, DataType.FLOAT, 0.02, 1));
        }
    }
}
