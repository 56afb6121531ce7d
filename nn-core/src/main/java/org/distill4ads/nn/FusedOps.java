package org.distill4ads.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.distill4ads.nn.kernel.AttentionKernel;
import org.distill4ads.nn.kernel.FloatViews;
import org.distill4ads.nn.kernel.GeluKernel;
import org.distill4ads.nn.kernel.LayerNormKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fused ops of the transformer block, each one pass (or one GEMM) with its own gradient: a linear
 * layer on the last dimension (GEMM with transpose flags, bias added in place, weight gradient
 * accumulated into the existing gradient by the GEMM), linear + GELU, residual add + LayerNorm,
 * and masked multi-head self-attention on the [B, T, H] layout. float32 runs the kernels of
 * {@code org.distill4ads.nn.kernel}; other types (float64 in gradient checks) run the composite
 * ops, which define the same function.
 */
final class FusedOps {
    private FusedOps() {}

    // ---------------------------------------------------------------- linear

    /** y = x W^T + b over the last dimension; x [..., in], W [out, in], b [out] or null. */
    static Tensor linear(Tensor x, Tensor w, Tensor b, boolean gelu) {
        long[] s = x.shape();
        long in = w.shape()[1];
        long out = w.shape()[0];
        if (w.rank() != 2 || s[s.length - 1] != in || (b != null && (b.rank() != 1 || b.shape()[0] != out))) {
            throw new IllegalArgumentException("linear: input " + Arrays.toString(s) + ", weight " + Arrays.toString(w.shape())
                    + (b == null ? "" : ", bias " + Arrays.toString(b.shape())) + ": expected [..., in], [out, in], [out]");
        }
        if (!dense(x) || !dense(w) || (b != null && !dense(b))) {
            Tensor x2 = s.length == 2 ? x : x.reshape(-1, in);
            Tensor y = x2.matmul(w, false, true);
            if (b != null) {
                y = y.add(b);
            }
            if (gelu) {
                y = y.gelu();
            }
            return s.length == 2 ? y : y.reshape(outShape(s, out));
        }
        long n = x.value().length() / in;
        INDArray x2 = x.value().reshape('c', n, in);                        // [N, in], a view
        INDArray z = BufferPool.floats(n, out);      // [N, out]
        Nd4j.gemm(x2, w.value(), z, false, true, 1.0, 0.0);
        INDArray y;
        if (gelu) {
            y = BufferPool.floats(n, out);
            float[] bias = b == null ? null : b.value().toFloatVector();
            FloatBuffer zb = FloatViews.of(z);
            GeluKernel.forward(zb, bias, FloatViews.of(y), zb, (int) (n * out));
            Tape.track(z); // the pre-activation, kept for the backward pass
        } else {
            if (b != null) {
                GeluKernel.addBias(FloatViews.of(z), b.value().toFloatVector(), (int) (n * out));
            }
            y = z;
        }
        INDArray result = y.reshape('c', outShape(s, out));
        return Tensor.make(result, gelu ? "linearGelu" : "linear", g -> {
            INDArray g2 = g.reshape('c', n, out);
            INDArray dz = g2;
            if (gelu) {
                dz = Tape.track(BufferPool.floats(n, out));
                GeluKernel.backward(FloatViews.of(z), FloatViews.of(denseCopy(g2)), FloatViews.of(dz), (int) (n * out));
            }
            linearBackward(x, w, b, x2, dz, s);
        }, b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b});
    }

    private static void linearBackward(Tensor x, Tensor w, Tensor b, INDArray x2, INDArray dz, long[] s) {
        if (x.requiresGrad()) {
            INDArray current = x.gradOrNull();
            if (current != null && FloatViews.isDenseFloat(current)) {
                // dx += dz W, in place: no [N, in] temporary and no separate addition pass
                Nd4j.gemm(dz, w.value(), current.reshape('c', x2.shape()[0], x2.shape()[1]), false, false, 1.0, 1.0);
            } else {
                INDArray dx = BufferPool.floats(x2.shape()[0], x2.shape()[1]);
                Nd4j.gemm(dz, w.value(), dx, false, false, 1.0, 0.0);      // [N, in]
                x.accumulateOwnedGrad(dx.reshape('c', s));
            }
        }
        if (w.requiresGrad()) {
            INDArray current = w.gradOrNull();
            if (current != null && FloatViews.isDenseFloat(current)) {
                Nd4j.gemm(dz, x2, current, true, false, 1.0, 1.0);         // dW += dz^T x, in place
            } else {
                INDArray dw = BufferPool.floats(w.shape()[0], w.shape()[1]);
                Nd4j.gemm(dz, x2, dw, true, false, 1.0, 0.0);
                w.accumulateOwnedGrad(dw);
            }
        }
        if (b != null && b.requiresGrad()) {
            INDArray dense = denseCopy(dz);
            int width = (int) dense.shape()[1];
            b.accumulateOwnedGrad(Nd4j.createFromArray(GeluKernel.columnSums(FloatViews.of(dense), (int) dense.length(), width)));
        }
    }

    private static long[] outShape(long[] s, long out) {
        long[] o = s.clone();
        o[s.length - 1] = out;
        return o;
    }

    // ---------------------------------------------------------------- residual + LayerNorm

    /** LayerNorm(x + r) over the last dimension; r may be null (plain LayerNorm). */
    static Tensor addLayerNorm(Tensor x, Tensor r, Tensor gain, Tensor bias, double eps) {
        if (r != null && !Arrays.equals(x.shape(), r.shape())) {
            throw new IllegalArgumentException("addLayerNorm: shapes differ: " + Arrays.toString(x.shape())
                    + " vs " + Arrays.toString(r.shape()));
        }
        long h = x.shape()[x.rank() - 1];
        if (!dense(x) || (r != null && !dense(r)) || !dense(gain) || !dense(bias) || gain.shape()[0] != h) {
            return (r == null ? x : x.add(r)).layerNorm(gain, bias, eps);
        }
        if (!(eps > 0) || bias.rank() != 1 || bias.shape()[0] != h || gain.rank() != 1) {
            throw new IllegalArgumentException("addLayerNorm: gain " + Arrays.toString(gain.shape()) + " and bias "
                    + Arrays.toString(bias.shape()) + " must be [" + h + "], epsilon positive (got " + eps + ")");
        }
        int rows = (int) (x.value().length() / h);
        INDArray y = BufferPool.floats(x.shape());
        INDArray xhat = Tape.track(BufferPool.floats(x.shape()));
        INDArray invStd = Tape.track(BufferPool.floats(rows));
        float[] g = gain.value().toFloatVector();
        LayerNormKernel.forward(FloatViews.of(x.value()), r == null ? null : FloatViews.of(r.value()), g,
                bias.value().toFloatVector(), eps, FloatViews.of(y), FloatViews.of(xhat), FloatViews.of(invStd), rows, (int) h);
        Tensor[] inputs = r == null ? new Tensor[] {x, gain, bias} : new Tensor[] {x, r, gain, bias};
        return Tensor.make(y, "addLayerNorm", grad -> {
            float[] dGain = gain.requiresGrad() ? new float[(int) h] : null;
            float[] dBias = bias.requiresGrad() ? new float[(int) h] : null;
            boolean needX = x.requiresGrad() || (r != null && r.requiresGrad());
            INDArray dx = needX ? BufferPool.floats(x.shape()) : null;
            LayerNormKernel.backward(FloatViews.of(denseCopy(grad)), FloatViews.of(xhat), FloatViews.of(invStd), g,
                    dGain, dBias, dx == null ? null : FloatViews.of(dx), rows, (int) h);
            if (dGain != null) {
                gain.accumulateOwnedGrad(Nd4j.createFromArray(dGain));
            }
            if (dBias != null) {
                bias.accumulateOwnedGrad(Nd4j.createFromArray(dBias));
            }
            if (dx != null) {
                if (r != null && r.requiresGrad()) {
                    if (r.gradOrNull() == null && x.requiresGrad()) {
                        INDArray copy = BufferPool.floats(x.shape());   // a pooled copy, not a fresh dup
                        FloatViews.of(copy).put(FloatViews.of(dx));
                        r.accumulateOwnedGrad(copy);
                    } else {
                        r.accumulateGrad(dx);
                    }
                }
                if (x.requiresGrad()) {
                    x.accumulateOwnedGrad(dx);
                } else {
                    Tape.track(dx);
                }
            }
        }, inputs);
    }

    // ---------------------------------------------------------------- self-attention

    /**
     * Multi-head self-attention: q, k, v [B, T, H] (the projections), mask [B, T] of 1/0; dropout
     * with probability {@code p} on the attention weights (masks from {@code seed}). Returns the
     * context [B, T, H] with the heads side by side.
     */
    static Tensor selfAttention(Tensor q, Tensor k, Tensor v, INDArray mask, int heads, double p, long seed) {
        long[] s = q.shape();
        if (q.rank() != 3 || !Arrays.equals(s, k.shape()) || !Arrays.equals(s, v.shape())) {
            throw new IllegalArgumentException("selfAttention: q, k, v must be equal [B, T, H], got "
                    + Arrays.toString(s) + ", " + Arrays.toString(k.shape()) + ", " + Arrays.toString(v.shape()));
        }
        if (mask.rank() != 2 || mask.shape()[0] != s[0] || mask.shape()[1] != s[1]) {
            throw new IllegalArgumentException("selfAttention: mask " + Arrays.toString(mask.shape()) + " must be [B, T] = ["
                    + s[0] + ", " + s[1] + "]");
        }
        if (s[2] % heads != 0) {
            throw new IllegalArgumentException("selfAttention: hidden size " + s[2] + " is not a multiple of " + heads + " heads");
        }
        int b = (int) s[0];
        int t = (int) s[1];
        int h = (int) s[2];
        if (!dense(q) || !dense(k) || !dense(v)) {
            return compositeAttention(q, k, v, mask, heads, p, seed);
        }
        float[] m = mask.castTo(DataType.FLOAT).dup('c').reshape((long) b * t).toFloatVector();
        AttentionKernel kernel = new AttentionKernel(b, t, h, heads, m, p, seed);
        INDArray context = BufferPool.floats(b, t, h);
        INDArray probs = Tape.track(BufferPool.floats(b, heads, t, t));
        kernel.forward(FloatViews.of(q.value()), FloatViews.of(k.value()), FloatViews.of(v.value()),
                FloatViews.of(context), FloatViews.of(probs));
        return Tensor.make(context, "selfAttention", g -> {
            INDArray dq = BufferPool.floats(b, t, h);
            INDArray dk = BufferPool.floats(b, t, h);
            INDArray dv = BufferPool.floats(b, t, h);
            kernel.backward(FloatViews.of(q.value()), FloatViews.of(k.value()), FloatViews.of(v.value()),
                    FloatViews.of(probs), FloatViews.of(denseCopy(g)), FloatViews.of(dq), FloatViews.of(dk), FloatViews.of(dv));
            q.accumulateOwnedGrad(dq);
            k.accumulateOwnedGrad(dk);
            v.accumulateOwnedGrad(dv);
        }, q, k, v);
    }

    /** The same function from the general ops (float64 and non-dense inputs). */
    private static Tensor compositeAttention(Tensor q, Tensor k, Tensor v, INDArray mask, int heads, double p, long seed) {
        long b = q.size(0);
        long t = q.size(1);
        long hs = q.size(2) / heads;
        Tensor qh = q.reshape(b, t, heads, hs).permute(0, 2, 1, 3);   // [B, nh, T, hs]
        Tensor kh = k.reshape(b, t, heads, hs).permute(0, 2, 1, 3);
        Tensor vh = v.reshape(b, t, heads, hs).permute(0, 2, 1, 3);
        Tensor scores = qh.matmul(kh, false, true).mul(1.0 / Math.sqrt(hs));  // [B, nh, T, T]
        Tensor probs = scores.addAttentionMask(mask).softmax(3).dropout(p, seed, p > 0);
        return probs.matmul(vh).permute(0, 2, 1, 3).reshape(b, t, heads * hs);  // [B, T, H]
    }

    // ---------------------------------------------------------------- masked mean

    /**
     * The mean over the sequence of the vectors whose mask is 1: hidden [B, T, H], mask [B, T] of
     * 1 and 0, every sequence with at least one 1. In float32 each sequence's real tokens are summed
     * in order and padded ones are skipped, so a sequence's mean does not depend on how far it was
     * padded (the batch it came in).
     */
    static Tensor maskedMean(Tensor hidden, INDArray mask) {
        long[] s = hidden.shape();
        if (hidden.rank() != 3 || mask.rank() != 2 || mask.shape()[0] != s[0] || mask.shape()[1] != s[1]) {
            throw new IllegalArgumentException("maskedMean: hidden " + Arrays.toString(s) + " must be [B, T, H] and mask "
                    + Arrays.toString(mask.shape()) + " [B, T]");
        }
        int b = (int) s[0];
        int t = (int) s[1];
        int h = (int) s[2];
        float[] m = mask.castTo(DataType.FLOAT).dup('c').reshape((long) b * t).toFloatVector();
        float[] inv = new float[b];
        for (int i = 0; i < b; i++) {
            int count = 0;
            for (int j = 0; j < t; j++) {
                count += m[i * t + j] != 0f ? 1 : 0;
            }
            if (count == 0) {
                throw new IllegalArgumentException("mean pooling needs at least one real token per sequence; sequence " + i + " has none");
            }
            inv[i] = 1f / count;
        }
        if (!dense(hidden)) {
            INDArray weights = mask.castTo(hidden.dataType()).mul(Nd4j.createFromArray(inv).castTo(hidden.dataType()).reshape(b, 1));
            return hidden.mul(Tensor.constant(weights.reshape(b, t, 1))).sum(false, 1);
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, b, h);
        FloatBuffer in = FloatViews.of(hidden.value());
        FloatBuffer o = FloatViews.of(out);
        float[] row = new float[h];
        float[] acc = new float[h];
        for (int i = 0; i < b; i++) {
            Arrays.fill(acc, 0f);
            for (int j = 0; j < t; j++) {
                if (m[i * t + j] != 0f) {
                    in.get((i * t + j) * h, row, 0, h);
                    for (int k = 0; k < h; k++) {
                        acc[k] += row[k];
                    }
                }
            }
            for (int k = 0; k < h; k++) {
                acc[k] *= inv[i];
            }
            o.put(i * h, acc, 0, h);
        }
        return Tensor.make(out, "maskedMean", g -> {
            INDArray dx = BufferPool.floats(b, t, h);
            FloatBuffer gb = FloatViews.of(denseCopy(g));
            FloatBuffer d = FloatViews.of(dx);
            float[] gr = new float[h];
            float[] zero = new float[h];
            for (int i = 0; i < b; i++) {
                gb.get(i * h, gr, 0, h);
                for (int k = 0; k < h; k++) {
                    gr[k] *= inv[i];
                }
                for (int j = 0; j < t; j++) {
                    d.put((i * t + j) * h, m[i * t + j] != 0f ? gr : zero, 0, h);
                }
            }
            hidden.accumulateOwnedGrad(dx);
        }, hidden);
    }

    // ---------------------------------------------------------------- helpers

    private static boolean dense(Tensor t) {
        return FloatViews.isDenseFloat(t.value());
    }

    /** g itself when dense float32, otherwise a dense copy the tape frees. */
    private static INDArray denseCopy(INDArray g) {
        return FloatViews.isDenseFloat(g) ? g : Tape.track(g.dup('c'));
    }
}
