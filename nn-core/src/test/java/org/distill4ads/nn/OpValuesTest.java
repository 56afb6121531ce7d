package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Forward values against hand-computed numbers or independent formulas. */
class OpValuesTest {
    static Tensor c(double[][] v) {
        return Tensor.constant(Nd4j.createFromArray(v));
    }

    @Test
    void geluIsTheExactErfForm() {
        Tensor x = Tensor.constant(Nd4j.createFromArray(new double[] {1.0, -1.0, 0.0, 2.5}));
        INDArray y = x.gelu().value();
        assertEquals(0.8413447460685429, y.getDouble(0), 1e-12);   // 0.5 (1 + erf(1/sqrt2))
        assertEquals(-0.15865525393145707, y.getDouble(1), 1e-12);
        assertEquals(0.0, y.getDouble(2), 0);
        assertEquals(2.4844757, y.getDouble(3), 1e-6);
        // float32 too
        assertEquals(0.8413447, Tensor.constant(Nd4j.createFromArray(new float[] {1f})).gelu().value().getDouble(0), 1e-6);
    }

    @Test
    void softmaxRowsSumToOneAndMatchTheFormula() {
        double[][] v = {{1, 2, 3}, {-1, 0, 1000}};
        INDArray s = c(v).softmax(1).value();
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(1) / z, s.getDouble(0, 0), 1e-12);
        assertEquals(Math.exp(3) / z, s.getDouble(0, 2), 1e-12);
        assertEquals(1.0, s.getDouble(1, 2), 1e-12, "stable for large logits");
        for (int r = 0; r < 2; r++) {
            assertEquals(1.0, s.getRow(r).sumNumber().doubleValue(), 1e-12);
        }
        INDArray ls = c(v).logSoftmax(1).value();
        assertEquals(Math.log(Math.exp(2) / z), ls.getDouble(0, 1), 1e-12);
        assertEquals(Math.log(z), c(v).logSumExp(1, false).value().getDouble(0), 1e-12);
    }

    @Test
    void layerNormMatchesMeanVarianceArithmetic() {
        // row (1, 2, 3, 6): mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5
        Tensor x = c(new double[][] {{1, 2, 3, 6}});
        Tensor g = Tensor.constant(Nd4j.createFromArray(new double[] {1, 2, 1, 1}));
        Tensor b = Tensor.constant(Nd4j.createFromArray(new double[] {0, 0, 0.5, 0}));
        double eps = 1e-5;
        INDArray y = x.layerNorm(g, b, eps).value();
        double inv = 1 / Math.sqrt(3.5 + eps);
        assertEquals(-2 * inv, y.getDouble(0, 0), 1e-12);
        assertEquals(2 * (-1 * inv), y.getDouble(0, 1), 1e-12);
        assertEquals(0.5, y.getDouble(0, 2), 1e-12);
        assertEquals(3 * inv, y.getDouble(0, 3), 1e-12);
        // epsilon matters for a constant row: (x - mean) = 0 whatever eps, finite output
        assertEquals(0.0, c(new double[][] {{5, 5, 5, 5}}).layerNorm(g, b, 1e-12).value().getDouble(0, 0), 0);
    }

    @Test
    void lossesMatchHandComputation() {
        // BCE: x = (0, 2), y = (1, 0): (log 2 + (2 + log(1 + e^-2))) / 2
        Tensor x = Tensor.constant(Nd4j.createFromArray(new double[] {0, 2}));
        double expected = (Math.log(2) + 2 + Math.log(1 + Math.exp(-2))) / 2;
        assertEquals(expected, x.bceWithLogits(Nd4j.createFromArray(new double[] {1, 0})).item(), 1e-12);
        // CE: logits (1, 2, 3), target 2 -> log(z) - 3
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.log(z) - 3, c(new double[][] {{1, 2, 3}}).crossEntropy(new int[] {2}).item(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c(new double[][] {{1, 2, 3}}).crossEntropy(new int[] {3}));
        assertTrue(e.getMessage().contains("target 3"), e.getMessage());
    }

    @Test
    void cosineAndNormalization() {
        Tensor a = c(new double[][] {{3, 4}, {1, 0}});
        Tensor b = c(new double[][] {{0, 2}, {-1, 0}, {1, 1}});
        INDArray cos = a.cosineSimilarityMatrix(b).value();
        assertEquals(0.8, cos.getDouble(0, 0), 1e-12);           // (3*0 + 4*2) / (5 * 2)
        assertEquals(-0.6, cos.getDouble(0, 1), 1e-12);
        assertEquals(7 / (5 * Math.sqrt(2)), cos.getDouble(0, 2), 1e-12);
        assertEquals(-1.0, cos.getDouble(1, 1), 1e-12);
        INDArray n = a.l2Normalize(1e-12).value();
        assertEquals(0.6, n.getDouble(0, 0), 1e-12);
        assertEquals(0.8, n.getDouble(0, 1), 1e-12);
    }

    @Test
    void shapesAndBroadcastingAreChecked() {
        Tensor a = c(new double[][] {{1, 2, 3}});
        Tensor b = c(new double[][] {{1, 2}, {3, 4}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("[1, 3]") && e.getMessage().contains("[2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains("inner dimensions differ: 3 != 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.slice(1, 2, 5));
        assertTrue(e.getMessage().contains("[2, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.reshape(4));
        assertTrue(e.getMessage().contains("[4]"), e.getMessage());
        // (2, 1) + (3) broadcasts to (2, 3)
        INDArray s = c(new double[][] {{10}, {20}}).add(Tensor.constant(Nd4j.createFromArray(new double[] {1, 2, 3}))).value();
        assertEquals(23.0, s.getDouble(1, 2), 0);
        // gather rows with ids [2, 0, 2]
        INDArray g = b.gatherRows(Nd4j.createFromArray(new int[] {1, 0, 1})).value();
        assertEquals(3.0, g.getDouble(0, 0), 0);
        assertEquals(2.0, g.getDouble(1, 1), 0);
        assertThrows(IllegalArgumentException.class, () -> b.gatherRows(Nd4j.createFromArray(new int[] {2})));
    }

    @Test
    void attentionMaskZeroesPaddingProbability() {
        Tensor scores = c(new double[][] {{0.5, 2.0, 9.0}});
        INDArray p = scores.addAttentionMask(Nd4j.createFromArray(new int[][] {{1, 1, 0}})).softmax(1).value();
        assertEquals(0.0, p.getDouble(0, 2), 0);
        assertEquals(Math.exp(0.5) / (Math.exp(0.5) + Math.exp(2)), p.getDouble(0, 0), 1e-12);
    }

    @Test
    void dropoutIsSeededAndInverted() {
        Tensor x = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 1000));
        INDArray a = x.dropout(0.25, 9, true).value();
        assertEquals(a, x.dropout(0.25, 9, true).value());
        long zeros = a.eq(0.0).castTo(DataType.INT).sumNumber().longValue();
        assertTrue(zeros > 200 && zeros < 300, "about a quarter dropped: " + zeros);
        assertEquals(1 / 0.75, a.maxNumber().doubleValue(), 1e-12);
        assertEquals(x, x.dropout(0.25, 9, false));
    }
}
