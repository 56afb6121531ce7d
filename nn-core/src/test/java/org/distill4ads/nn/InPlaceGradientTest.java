package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float32 backward paths that add a contribution into an existing gradient in place (a GEMM
 * into the input's gradient when one input feeds several linear layers, a pooled copy of the
 * residual's gradient in addLayerNorm, row sums added into a dense table gradient), against the
 * float64 composite ops, and the table gradient against a hand-summed reference.
 */
class InPlaceGradientTest {
    private static INDArray rnd(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).muli(2);
    }

    /** f in float32 and float64 on the same inputs: every input's gradient agrees to tol. */
    private static void floatMatchesDouble(String name, Function<Tensor[], Tensor> f, double tol, INDArray... in) {
        Tensor[] d = leaves(in, DataType.DOUBLE);
        Tensor[] s = leaves(in, DataType.FLOAT);
        Tensor yd = f.apply(d);
        Tensor ys = f.apply(s);
        INDArray weights = rnd(99, yd.shape());
        yd.mul(Tensor.constant(weights)).sum().backward();
        ys.mul(Tensor.constant(weights.castTo(DataType.FLOAT))).sum().backward();
        for (int i = 0; i < in.length; i++) {
            double[] e = d[i].grad().dup('c').data().asDouble();
            double[] a = s[i].grad().castTo(DataType.DOUBLE).dup('c').data().asDouble();
            assertEquals(e.length, a.length);
            double scale = 1;
            for (double v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int j = 0; j < e.length; j++) {
                assertEquals(e[j], a[j], tol * scale, name + ": gradient of input " + i + " at " + j);
            }
        }
    }

    private static Tensor[] leaves(INDArray[] in, DataType type) {
        Tensor[] t = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            t[i] = Tensor.param(in[i].castTo(type).dup('c'));
        }
        return t;
    }

    @Test
    void oneInputFeedingSeveralLinearLayers() {
        // x feeds three linears (q, k, v as in attention) and is the residual of the LayerNorm
        floatMatchesDouble("three linears + residual", t -> {
            Tensor a = t[0].linear(t[1], t[2]);
            Tensor b = t[0].linear(t[3], null);
            Tensor c = t[0].linearGelu(t[4], t[5]).linear(t[6], null);
            return a.mul(b).add(c).addLayerNorm(t[0], t[7], t[8], 1e-5);
        }, 1e-5, rnd(1, 2, 7, 13), rnd(2, 13, 13), rnd(3, 13), rnd(4, 13, 13), rnd(5, 29, 13), rnd(6, 29),
                rnd(7, 13, 29), rnd(8, 13), rnd(9, 13));
    }

    @Test
    void residualOfAnInputWithoutGradient() {
        // the LayerNorm's x needs no gradient (a constant): the residual's gradient is dx itself
        Tensor x = Tensor.constant(rnd(1, 3, 11).castTo(DataType.FLOAT));
        Tensor r = Tensor.param(rnd(2, 3, 11).castTo(DataType.FLOAT));
        Tensor g = Tensor.param(rnd(3, 11).castTo(DataType.FLOAT));
        Tensor b = Tensor.param(rnd(4, 11).castTo(DataType.FLOAT));
        x.addLayerNorm(r, g, b, 1e-5).mul(Tensor.constant(rnd(5, 3, 11).castTo(DataType.FLOAT))).sum().backward();
        Tensor xd = Tensor.constant(rnd(1, 3, 11));
        Tensor rd = Tensor.param(rnd(2, 3, 11));
        xd.addLayerNorm(rd, Tensor.param(rnd(3, 11)), Tensor.param(rnd(4, 11)), 1e-5).mul(Tensor.constant(rnd(5, 3, 11))).sum().backward();
        double[] e = rd.grad().data().asDouble();
        double[] a = r.grad().castTo(DataType.DOUBLE).data().asDouble();
        for (int j = 0; j < e.length; j++) {
            assertEquals(e[j], a[j], 1e-5, "residual gradient at " + j);
        }
    }

    @Test
    void tableLookedUpTwiceMatchesFloat64() {
        INDArray ids1 = Nd4j.createFromArray(new int[][] {{3, 1, 3}, {0, 3, 5}});
        INDArray ids2 = Nd4j.createFromArray(new int[][] {{5, 5, 2}, {3, 0, 1}});
        floatMatchesDouble("two lookups", t -> t[0].gatherRows(ids1).mul(t[0].gatherRows(ids2)).add(t[0].gatherRows(ids2)),
                1e-6, rnd(1, 7, 4));
    }

    @Test
    void tableGradientIsTheHandSummedRows() {
        int[] ids = {2, 0, 2, 2, 4, 0};
        INDArray weights = rnd(7, 6, 3).castTo(DataType.FLOAT);
        Tensor table = Tensor.param(rnd(8, 5, 3).castTo(DataType.FLOAT));
        // two lookups: the second one adds into the gradient the first one made
        table.gatherRows(Nd4j.createFromArray(ids)).mul(Tensor.constant(weights)).sum()
                .add(table.gatherRows(Nd4j.createFromArray(ids)).mul(Tensor.constant(weights.mul(2f))).sum()).backward();
        float[] w = weights.dup('c').data().asFloat();
        float[] first = new float[5 * 3];
        float[] second = new float[5 * 3];
        for (int i = 0; i < ids.length; i++) {
            for (int j = 0; j < 3; j++) {
                first[ids[i] * 3 + j] += w[i * 3 + j];
                second[ids[i] * 3 + j] += w[i * 3 + j] * 2f;
            }
        }
        float[] expected = new float[5 * 3];
        for (int k = 0; k < expected.length; k++) {
            expected[k] = first[k] + second[k];
        }
        assertArrayEquals(expected, table.grad().dup('c').data().asFloat(), 0f);
    }
}
