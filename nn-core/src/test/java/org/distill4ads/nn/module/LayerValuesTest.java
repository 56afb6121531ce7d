package org.distill4ads.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Forward values of the layers against hand-computed numbers (weights loaded by name). */
class LayerValuesTest {
    @Test
    void linearIsXTimesWeightTransposedPlusBias() {
        Linear l = new Linear(2, 3, true, DataType.DOUBLE, 0.1, 1);
        l.loadStateDict(Map.of(
                "weight", Nd4j.createFromArray(new double[][] {{1, 2}, {0, -1}, {3, 0.5}}),   // [out, in]
                "bias", Nd4j.createFromArray(new double[] {0.5, 0, -1})), true);
        INDArray y = l.forward(Tensor.constant(Nd4j.createFromArray(new double[][][] {{{2, 1}}}))).value();  // [1,1,2]
        assertArrayEquals(new long[] {1, 1, 3}, y.shape());
        assertEquals(2 + 2 + 0.5, y.getDouble(0, 0, 0), 0);
        assertEquals(-1, y.getDouble(0, 0, 1), 0);
        assertEquals(6 + 0.5 - 1, y.getDouble(0, 0, 2), 0);
    }

    @Test
    void embeddingLooksUpRowsAndLayerNormStartsAsPlainNormalization() {
        Embedding e = new Embedding(3, 2, DataType.DOUBLE, 0.1, 1);
        e.loadStateDict(Map.of("weight", Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}})), true);
        INDArray rows = e.forward(Nd4j.createFromArray(new int[][] {{2, 0, 2}})).value();
        assertArrayEquals(new long[] {1, 3, 2}, rows.shape());
        assertEquals(6, rows.getDouble(0, 0, 1), 0);
        assertEquals(1, rows.getDouble(0, 1, 0), 0);
        LayerNorm n = new LayerNorm(2, 1e-12, DataType.DOUBLE);
        // (1, 3): mean 2, variance 1 -> (-1, 1) with gain 1 and bias 0
        INDArray y = n.forward(Tensor.constant(Nd4j.createFromArray(new double[][] {{1, 3}}))).value();
        assertEquals(-1, y.getDouble(0, 0), 1e-9);
        assertEquals(1, y.getDouble(0, 1), 1e-9);
        assertEquals(1e-12, n.eps(), 0);
    }
}
