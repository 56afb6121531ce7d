package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Mean pooling over the real tokens: values, gradients, and independence from the padding. */
class MaskedMeanTest {
    private static final INDArray MASK = Nd4j.createFromArray(new int[][] {{1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}, {1, 1, 1, 1, 1}});

    private static INDArray hidden(DataType type) {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.rand(DataType.DOUBLE, 3, 5, 6).subi(0.5).muli(4).castTo(type);
    }

    @Test
    void float64GradientMatchesFiniteDifferences() {
        GradCheck.Result r = GradCheck.check(x -> x[0].maskedMean(MASK).mul(x[0].maskedMean(MASK)).sum(), hidden(DataType.DOUBLE));
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void float32ValueAndGradientMatchTheHandComputedMean() {
        INDArray x = hidden(DataType.FLOAT);
        Tensor in = Tensor.param(x.dup());
        Tensor y = in.maskedMean(MASK);
        int[] counts = {3, 1, 5};
        for (int b = 0; b < 3; b++) {
            for (int k = 0; k < 6; k++) {
                double want = 0;
                for (int t = 0; t < counts[b]; t++) {
                    want += x.getDouble(b, t, k);
                }
                assertEquals(want / counts[b], y.value().getDouble(b, k), 1e-6, "mean of sequence " + b + " at " + k);
            }
        }
        INDArray weights = Nd4j.rand(DataType.FLOAT, 3, 6);
        y.mul(Tensor.constant(weights)).sum().backward();
        for (int b = 0; b < 3; b++) {
            for (int t = 0; t < 5; t++) {
                for (int k = 0; k < 6; k++) {
                    double want = t < counts[b] ? weights.getDouble(b, k) / counts[b] : 0;
                    assertEquals(want, in.grad().getDouble(b, t, k), 1e-7, "gradient at " + b + "," + t + "," + k);
                }
            }
        }
    }

    @Test
    void aSequencesMeanDoesNotDependOnItsPadding() {
        INDArray x = hidden(DataType.FLOAT);
        INDArray padded = Tensor.constant(x).maskedMean(MASK).value();
        INDArray three = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
        INDArray alone = Tensor.constant(three).maskedMean(Nd4j.createFromArray(new int[][] {{1, 1, 1}})).value();
        for (int k = 0; k < 6; k++) {
            assertEquals(alone.getFloat(0, k), padded.getFloat(0, k), 0f, "bit for bit at " + k);
        }
    }

    @Test
    void aSequenceWithoutTokensIsRefused() {
        INDArray mask = Nd4j.createFromArray(new int[][] {{1, 0}, {0, 0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.constant(Nd4j.rand(DataType.FLOAT, 2, 2, 3)).maskedMean(mask));
        assertTrue(e.getMessage().contains("sequence 1 has none"), e.getMessage());
    }
}
