package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused ops: their float64 path (the composite ops) against central finite differences, and
 * their float32 kernels (values and every input's gradient) against that float64 path.
 */
class FusedOpsTest {
    private static final INDArray MASK = Nd4j.createFromArray(new int[][] {
            {1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}});  // [B=3, T=5]
    /** Holes before the last kept key. */
    private static final INDArray HOLES = Nd4j.createFromArray(new int[][] {
            {0, 1, 0, 1, 0}, {1, 0, 1, 1, 0}, {1, 1, 0, 0, 1}});

    static INDArray rnd(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).muli(2);
    }

    private static void gradCheck(String name, Function<Tensor[], Tensor> f, INDArray... in) {
        GradCheck.Result r = GradCheck.check(f, in);
        assertTrue(r.passes(1e-7), name + ": " + r);
    }

    /** Runs f in float32 and float64 on the same inputs; values and all gradients agree to tol. */
    private static void floatMatchesDouble(String name, Function<Tensor[], Tensor> f, double tol, INDArray... in) {
        INDArray weights = rnd(99, f.apply(leaves(in, DataType.DOUBLE)).shape());
        Tensor[] d = leaves(in, DataType.DOUBLE);
        Tensor[] s = leaves(in, DataType.FLOAT);
        Tensor yd = f.apply(d);
        Tensor ys = f.apply(s);
        assertEquals(DataType.FLOAT, ys.dataType());
        assertClose(name + " value", yd.value(), ys.value(), tol);
        yd.mul(Tensor.constant(weights)).sum().backward();
        ys.mul(Tensor.constant(weights.castTo(DataType.FLOAT))).sum().backward();
        for (int i = 0; i < in.length; i++) {
            assertClose(name + " gradient of input " + i, d[i].grad(), s[i].grad(), tol);
        }
    }

    private static Tensor[] leaves(INDArray[] in, DataType type) {
        Tensor[] t = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            t[i] = Tensor.param(in[i].castTo(type).dup('c'));
        }
        return t;
    }

    private static void assertClose(String what, INDArray expected, INDArray actual, double tol) {
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        assertEquals(e.length, a.length, what);
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * Math.max(1.0, scale), what + " at " + i);
        }
    }

    @Test
    void linearGradientsInFloat64() {
        gradCheck("linear", t -> t[0].linear(t[1], t[2]), rnd(1, 2, 3, 4), rnd(2, 5, 4), rnd(3, 5));
        gradCheck("linear without bias", t -> t[0].linear(t[1], null), rnd(1, 3, 4), rnd(2, 5, 4));
        gradCheck("linearGelu", t -> t[0].linearGelu(t[1], t[2]), rnd(4, 2, 3, 4), rnd(5, 6, 4), rnd(6, 6));
    }

    @Test
    void addLayerNormGradientsInFloat64() {
        gradCheck("addLayerNorm", t -> t[0].addLayerNorm(t[1], t[2], t[3], 1e-5),
                rnd(1, 2, 3, 7), rnd(2, 2, 3, 7), rnd(3, 7), rnd(4, 7));
        gradCheck("layerNorm", t -> t[0].addLayerNorm(null, t[1], t[2], 1e-5), rnd(5, 4, 6), rnd(6, 6), rnd(7, 6));
    }

    @Test
    void selfAttentionGradientsInFloat64() {
        gradCheck("selfAttention", t -> t[0].selfAttention(t[1], t[2], MASK, 2, 0.0, 0L),
                rnd(1, 3, 5, 4), rnd(2, 3, 5, 4), rnd(3, 3, 5, 4));
    }

    @Test
    void float32KernelsMatchFloat64() {
        floatMatchesDouble("linear", t -> t[0].linear(t[1], t[2]), 1e-5, rnd(1, 2, 7, 13), rnd(2, 9, 13), rnd(3, 9));
        floatMatchesDouble("linearGelu", t -> t[0].linearGelu(t[1], t[2]).mul(3.0), 1e-5,
                rnd(4, 5, 13), rnd(5, 207, 13), rnd(6, 207));
        floatMatchesDouble("gelu", t -> t[0].mul(4.0).gelu(), 1e-5, rnd(7, 3, 1021));
        floatMatchesDouble("addLayerNorm", t -> t[0].addLayerNorm(t[1], t[2], t[3], 1e-12), 1e-5,
                rnd(8, 3, 5, 207), rnd(9, 3, 5, 207), rnd(10, 207), rnd(11, 207));
        floatMatchesDouble("selfAttention", t -> t[0].mul(3.0).selfAttention(t[1], t[2], MASK, 3, 0.0, 0L), 1e-5,
                rnd(12, 3, 5, 48), rnd(13, 3, 5, 48), rnd(14, 3, 5, 48));
        floatMatchesDouble("selfAttention with holes", t -> t[0].mul(3.0).selfAttention(t[1], t[2], HOLES, 3, 0.0, 0L), 1e-5,
                rnd(15, 3, 5, 48), rnd(16, 3, 5, 48), rnd(17, 3, 5, 48));
    }

    @Test
    void paddedKeysGetNoAttention() {
        INDArray q = rnd(1, 3, 5, 4).castTo(DataType.FLOAT);
        INDArray k = rnd(2, 3, 5, 4).castTo(DataType.FLOAT);
        INDArray v = rnd(3, 3, 5, 4).castTo(DataType.FLOAT);
        Tensor a = Tensor.constant(q).selfAttention(Tensor.constant(k), Tensor.constant(v), MASK, 2, 0.0, 0L);
        INDArray v2 = v.dup();
        v2.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 5),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(1e3);
        Tensor b = Tensor.constant(q).selfAttention(Tensor.constant(k), Tensor.constant(v2), MASK, 2, 0.0, 0L);
        assertClose("row 1 ignores its padded values", a.value(), b.value(), 1e-7);
    }

    @Test
    void attentionDropoutIsSeededAndHasItsOwnGradient() {
        INDArray q = rnd(1, 2, 6, 8).castTo(DataType.FLOAT);
        INDArray k = rnd(2, 2, 6, 8).castTo(DataType.FLOAT);
        INDArray v = rnd(3, 2, 6, 8).castTo(DataType.FLOAT);
        INDArray mask = Nd4j.ones(DataType.INT, 2, 6);
        Function<INDArray, Double> loss = vv -> Tensor.constant(q).selfAttention(Tensor.constant(k), Tensor.constant(vv),
                mask, 2, 0.4, 7L).square().sum().item();
        Tensor vt = Tensor.param(v.dup());
        Tensor out = Tensor.constant(q).selfAttention(Tensor.constant(k), vt, mask, 2, 0.4, 7L);
        Tensor again = Tensor.constant(q).selfAttention(Tensor.constant(k), Tensor.constant(v), mask, 2, 0.4, 7L);
        Tensor other = Tensor.constant(q).selfAttention(Tensor.constant(k), Tensor.constant(v), mask, 2, 0.4, 8L);
        Tensor none = Tensor.constant(q).selfAttention(Tensor.constant(k), Tensor.constant(v), mask, 2, 0.0, 7L);
        assertEquals(out.value(), again.value(), "the same seed gives the same masks");
        assertNotEquals(out.value(), other.value(), "another seed gives other masks");
        assertNotEquals(out.value(), none.value(), "dropout changes the output");
        out.square().sum().backward();
        // the output is quadratic in v for fixed masks: central differences in float are exact up to rounding
        INDArray g = vt.grad();
        for (int i = 0; i < v.length(); i += 5) {
            INDArray plus = v.dup();
            INDArray minus = v.dup();
            double h = 1e-2;
            plus.data().put(i, v.data().getDouble(i) + h);
            minus.data().put(i, v.data().getDouble(i) - h);
            double numeric = (loss.apply(plus) - loss.apply(minus)) / (2 * h);
            assertEquals(numeric, g.data().getDouble(i), 2e-3 * Math.max(1, Math.abs(numeric)), "dV at " + i);
        }
    }
}
