package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Forward values of the ops OpValuesTest leaves out, each against an explicit loop or formula; float32 gradients. */
class MoreOpValuesTest {
    static INDArray rnd(long seed, long... shape) {
        return AllOpsGradTest.rnd(seed, shape);
    }

    @Test
    void elementwiseActivationsMatchJavaMath() {
        double[] v = {-3.0, -0.5, 0.0, 0.25, 2.0};
        Tensor x = Tensor.constant(Nd4j.createFromArray(v));
        INDArray th = x.tanh().value();
        INDArray sg = x.sigmoid().value();
        INDArray rl = x.relu().value();
        INDArray ex = x.exp().value();
        for (int i = 0; i < v.length; i++) {
            assertEquals(Math.tanh(v[i]), th.getDouble(i), 1e-14);
            assertEquals(1 / (1 + Math.exp(-v[i])), sg.getDouble(i), 1e-14);
            assertEquals(Math.max(0, v[i]), rl.getDouble(i), 0);
            assertEquals(Math.exp(v[i]), ex.getDouble(i), 1e-12);
        }
        assertEquals(3 + 0.5 + 0 + 0.25 + 2, x.abs().sum().item(), 1e-15);
    }

    @Test
    void matmulMatchesExplicitLoopsInEveryForm() {
        INDArray a = rnd(1, 2, 3, 4, 5);   // [2,3,4,5]
        INDArray b = rnd(2, 2, 3, 5, 6);   // [2,3,5,6]
        INDArray c = Tensor.constant(a).matmul(Tensor.constant(b)).value();
        assertArrayEquals(new long[] {2, 3, 4, 6}, c.shape());
        // transposed forms must agree with the plain product of explicitly transposed copies
        INDArray cT = Tensor.constant(a.permute(0, 1, 3, 2).dup()).matmul(Tensor.constant(b.permute(0, 1, 3, 2).dup()), true, true).value();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int r = 0; r < 4; r++) {
                    for (int q = 0; q < 6; q++) {
                        double s = 0;
                        for (int k = 0; k < 5; k++) {
                            s += a.getDouble(i, j, r, k) * b.getDouble(i, j, k, q);
                        }
                        assertEquals(s, c.getDouble(i, j, r, q), 1e-12);
                        assertEquals(s, cT.getDouble(i, j, r, q), 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void reductionsMatchLoops() {
        INDArray x = rnd(3, 2, 3, 4);
        INDArray s1 = Tensor.constant(x).sum(false, 1).value();        // [2,4]
        INDArray m02 = Tensor.constant(x).mean(true, 0, 2).value();    // [1,3,1]
        assertArrayEquals(new long[] {2, 4}, s1.shape());
        assertArrayEquals(new long[] {1, 3, 1}, m02.shape());
        double all = 0;
        for (int j = 0; j < 3; j++) {
            double m = 0;
            for (int i = 0; i < 2; i++) {
                for (int k = 0; k < 4; k++) {
                    m += x.getDouble(i, j, k);
                    all += x.getDouble(i, j, k);
                }
            }
            assertEquals(m / 8, m02.getDouble(0, j, 0), 1e-14);
        }
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(x.getDouble(i, 0, k) + x.getDouble(i, 1, k) + x.getDouble(i, 2, k), s1.getDouble(i, k), 1e-14);
            }
        }
        assertEquals(all, Tensor.constant(x).sum().item(), 1e-12);
        assertEquals(all / 24, Tensor.constant(x).mean().item(), 1e-14);
    }

    @Test
    void shapeOpsMoveTheRightElements() {
        INDArray x = rnd(4, 2, 3, 4);
        INDArray p = Tensor.constant(x).permute(2, 0, 1).value();
        INDArray t = Tensor.constant(x).transpose(0, 2).value();
        INDArray s = Tensor.constant(x).slice(-1, 0, 2).value();
        INDArray cat = Tensor.concat(2, Tensor.constant(x), Tensor.constant(s)).value();
        assertArrayEquals(new long[] {2, 3, 6}, cat.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    double e = x.getDouble(i, j, k);
                    assertEquals(e, p.getDouble(k, i, j), 0);
                    assertEquals(e, t.getDouble(k, j, i), 0);
                    assertEquals(e, cat.getDouble(i, j, k), 0);
                    if (k < 2) {
                        assertEquals(e, s.getDouble(i, j, k), 0);
                        assertEquals(e, cat.getDouble(i, j, 4 + k), 0);
                    }
                }
            }
        }
        INDArray r = Tensor.constant(x).reshape(6, 4).value();
        assertEquals(x.getDouble(1, 2, 3), r.getDouble(5, 3), 0, "reshape is row-major");
    }

    /** Softmax over a dimension other than the last: value against exp/sum, and its gradient. */
    @Test
    void softmaxOverAnInnerDimension() {
        INDArray x = rnd(7, 2, 3, 4);
        INDArray y = Tensor.constant(x).softmax(1).value();
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 4; k++) {
                double z = 0;
                for (int j = 0; j < 3; j++) {
                    z += Math.exp(x.getDouble(i, j, k));
                }
                for (int j = 0; j < 3; j++) {
                    assertEquals(Math.exp(x.getDouble(i, j, k)) / z, y.getDouble(i, j, k), 1e-12);
                }
            }
        }
        AllOpsGradTest.check("softmax dim 1 of 3", t -> t[0].softmax(1), rnd(8, 2, 3, 4));
        AllOpsGradTest.check("softmax dim 0", t -> t[0].softmax(0), rnd(9, 3, 5));
        AllOpsGradTest.check("logSoftmax dim 0", t -> t[0].logSoftmax(0), rnd(10, 3, 5));
    }

    /** Products of views (a strided prefix slice, a permutation) equal products of contiguous copies. */
    @Test
    void matmulOfViewsEqualsMatmulOfCopies() {
        INDArray x = rnd(11, 4, 7);
        INDArray w = rnd(12, 3, 5);
        Tensor prefix = Tensor.constant(x).slice(-1, 0, 3);            // [4,3], row stride 7
        INDArray viaView = prefix.matmul(Tensor.constant(w)).value();
        INDArray viaCopy = Tensor.constant(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)).dup('c')).matmul(Tensor.constant(w)).value();
        assertEquals(viaCopy, viaView);
        INDArray b = rnd(13, 2, 4, 3);
        INDArray perm = Tensor.constant(b).permute(0, 2, 1).matmul(Tensor.constant(b)).value(); // [2,3,3]
        INDArray copy = Tensor.constant(b.permute(0, 2, 1).dup('c')).matmul(Tensor.constant(b)).value();
        assertEquals(copy, perm);
        AllOpsGradTest.check("prefix-slice matmul", t -> t[0].slice(-1, 0, 3).matmul(t[1]), rnd(14, 4, 7), rnd(15, 3, 5));
    }

    /** The same graph in float32 gives the float64 gradients to float32 accuracy. */
    @Test
    void float32GradientsAgreeWithFloat64() {
        INDArray x64 = rnd(5, 3, 4);
        INDArray w64 = rnd(6, 4, 5);
        INDArray[] g64 = grads(x64, w64);
        INDArray[] g32 = grads(x64.castTo(DataType.FLOAT), w64.castTo(DataType.FLOAT));
        for (int i = 0; i < 2; i++) {
            assertEquals(DataType.FLOAT, g32[i].dataType());
            double diff = g32[i].castTo(DataType.DOUBLE).subi(g64[i]).amaxNumber().doubleValue();
            assertTrue(diff < 1e-5, "max diff " + diff);
        }
    }

    static INDArray[] grads(INDArray x, INDArray w) {
        Tensor px = Tensor.param(x.dup());
        Tensor pw = Tensor.param(w.dup());
        try (Tape t = Tape.open()) {
            Tensor h = px.matmul(pw).gelu().layerNorm(Tensor.constant(Nd4j.ones(x.dataType(), 5)),
                    Tensor.constant(Nd4j.zeros(x.dataType(), 5)), 1e-12);
            h.softmax(-1).mul(h.tanh()).sum().backward();
        }
        return new INDArray[] {px.grad().dup(), pw.grad().dup()};
    }
}
