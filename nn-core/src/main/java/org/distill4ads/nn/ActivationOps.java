package org.distill4ads.nn;

import java.util.SplittableRandom;
import org.distill4ads.nn.kernel.FloatViews;
import org.distill4ads.nn.kernel.GeluKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Non-linearities, softmax and dropout. Never modifies its input (see ND4J's in-place traps). */
final class ActivationOps {
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private ActivationOps() {}

    static Tensor softmax(Tensor a, int dim) {
        int d = dim < 0 ? dim + a.rank() : dim;
        INDArray y = Nd4j.createUninitialized(a.dataType(), a.shape());
        Nd4j.exec(new SoftMax(a.value(), y, d));
        return Tensor.make(y, "softmax", g -> {
            // dx = y * (g - sum(g * y))
            INDArray gy = g.mul(y);
            INDArray s = gy.sum(true, d);
            Tape.track(gy);
            a.accumulateOwnedGrad(g.sub(s).muli(y));
        }, a);
    }

    static Tensor logSoftmax(Tensor a, int dim) {
        int d = dim < 0 ? dim + a.rank() : dim;
        INDArray x = a.value();
        INDArray max = x.max(true, d);
        INDArray shifted = x.sub(max);
        max.close();
        INDArray e = Transforms.exp(shifted, true);
        INDArray lse = Transforms.log(e.sum(true, d), false);
        e.close();
        INDArray y = shifted.subi(lse);
        lse.close();
        return Tensor.make(y, "logSoftmax", g -> {
            // dx = g - softmax * sum(g)
            INDArray soft = Transforms.exp(y, true);
            a.accumulateOwnedGrad(g.sub(soft.muli(g.sum(true, d))));
        }, a);
    }

    /**
     * Exact GELU, 0.5 x (1 + erf(x / sqrt 2)), as BERT uses it: float32 through {@link GeluKernel}
     * (erf to float32 precision), float64 with ND4J's erf.
     */
    static Tensor gelu(Tensor a) {
        INDArray x = a.value();
        if (FloatViews.isDenseFloat(x)) {
            int n = Math.toIntExact(x.length());
            INDArray y = BufferPool.floats(x.shape());
            GeluKernel.forward(FloatViews.of(x), null, FloatViews.of(y), null, n);
            return Tensor.make(y, "gelu", g -> {
                INDArray gd = FloatViews.isDenseFloat(g) ? g : Tape.track(g.dup('c'));
                INDArray dx = BufferPool.floats(x.shape());
                GeluKernel.backward(FloatViews.of(x), FloatViews.of(gd), FloatViews.of(dx), n);
                a.accumulateOwnedGrad(dx);
            }, a);
        }
        INDArray cdf = Nd4j.createUninitialized(a.dataType(), a.shape());
        INDArray scaled = x.mul(INV_SQRT2);
        Nd4j.exec(new Erf(scaled, cdf));
        scaled.close();
        cdf.addi(1.0).muli(0.5); // Phi(x), kept for the backward pass: the tape frees it
        Tape.track(cdf);
        INDArray y = x.mul(cdf);
        return Tensor.make(y, "gelu", g -> {
            // d/dx = Phi(x) + x phi(x), phi(x) = exp(-x^2 / 2) / sqrt(2 pi)
            INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(INV_SQRT_2PI);
            a.accumulateOwnedGrad(pdf.muli(x).addi(cdf).muli(g));
        }, a);
    }

    static Tensor tanh(Tensor a) {
        INDArray y = Transforms.tanh(a.value(), true);
        return Tensor.make(y, "tanh", g -> a.accumulateOwnedGrad(y.mul(y).rsubi(1.0).muli(g)), a);
    }

    static Tensor sigmoid(Tensor a) {
        INDArray y = Transforms.sigmoid(a.value(), true);
        return Tensor.make(y, "sigmoid", g -> a.accumulateOwnedGrad(y.rsub(1.0).muli(y).muli(g)), a);
    }

    static Tensor relu(Tensor a) {
        INDArray x = a.value();
        INDArray y = Transforms.relu(x, true);
        return Tensor.make(y, "relu", g -> a.accumulateOwnedGrad(x.gt(0.0).castTo(a.dataType()).muli(g)), a);
    }

    /**
     * Inverted dropout: keeps each element with probability 1 - p and scales kept ones by
     * 1 / (1 - p). The mask comes from {@code seed} alone, so a step can be replayed exactly.
     */
    static Tensor dropout(Tensor a, double p, long seed, boolean training) {
        if (!(p >= 0.0 && p < 1.0)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        if (!training || p == 0.0) {
            return a;
        }
        int n = Math.toIntExact(a.value().length());
        double scale = 1.0 / (1.0 - p);
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray mask;
        if (a.dataType() == DataType.DOUBLE) {
            double[] m = new double[n];
            for (int i = 0; i < n; i++) {
                m[i] = rng.nextDouble() < p ? 0.0 : scale;
            }
            mask = Nd4j.create(m, a.shape(), DataType.DOUBLE);
        } else {
            float[] m = new float[n];
            float s = (float) scale;
            for (int i = 0; i < n; i++) {
                m[i] = rng.nextDouble() < p ? 0f : s;
            }
            mask = Nd4j.create(m, a.shape(), 'c').castTo(a.dataType());
        }
        Tape.track(mask);
        INDArray y = a.value().mul(mask);
        return Tensor.make(y, "dropout", g -> a.accumulateOwnedGrad(g.mul(mask)), a);
    }
}
