package org.distill4ads.nn.kernel;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Masked multi-head scaled dot-product self-attention on the [B, T, H] layout of the query, key
 * and value projections, with no permuted copies: head h of row (b, t) is the slice
 * {@code [h * hs, (h + 1) * hs)} of that row. Per (batch, head): S = Q K^T * scale, keys where
 * {@code mask} is 0 get probability 0 (a sequence with no token at all attends over every position,
 * as the composite ops do in float64), P = softmax(S), optional inverted dropout D on P, context =
 * (P * D) V. The forward pass keeps P ([B, heads, T, T]) for the backward pass; dropout masks are
 * drawn again from their seed.
 *
 * <p>Each (batch, head) pair is independent, so the work is split over threads by pair; results do
 * not depend on the split.
 */
public final class AttentionKernel {
    private static final FloatMath M = FloatMaths.get();
    private final int batch;
    private final int seq;
    private final int hidden;
    private final int heads;
    private final int headSize;
    private final float scale;
    private final float[] mask;
    private final double dropout;
    private final long seed;

    /**
     * @param mask    [B * T] of 1 (token) and 0 (padding)
     * @param dropout probability of dropping an attention weight (0 for none)
     * @param seed    seed of the dropout masks
     */
    public AttentionKernel(int batch, int seq, int hidden, int heads, float[] mask, double dropout, long seed) {
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden size " + hidden + " is not a multiple of " + heads + " heads");
        }
        if (mask.length != batch * seq) {
            throw new IllegalArgumentException("mask has " + mask.length + " entries, expected " + batch + " x " + seq);
        }
        this.batch = batch;
        this.seq = seq;
        this.hidden = hidden;
        this.heads = heads;
        this.headSize = hidden / heads;
        this.scale = (float) (1.0 / Math.sqrt(headSize));
        this.mask = mask;
        this.dropout = dropout;
        this.seed = seed;
    }

    /** q, k, v, context: [B, T, H]; probs: [B, heads, T, T], written. */
    public void forward(FloatBuffer q, FloatBuffer k, FloatBuffer v, FloatBuffer context, FloatBuffer probs) {
        Parallel.range(batch * heads, (from, to) -> {
            int t = seq;
            int hs = headSize;
            Scratch s = Scratch.get();
            float[] qa = s.a(t * hs);
            float[] ka = s.b(t * hs);
            float[] kt = s.c(t * hs);
            float[] va = s.d(t * hs);
            float[] p = s.e(t * t);
            float[] c = s.f(t * hs);
            float[] drop = s.g(t * t);
            for (int bh = from; bh < to; bh++) {
                int b = bh / heads;
                int col = (bh % heads) * hs;
                // Without dropout only the keys up to the last one the mask keeps take part: the others
                // get probability exactly 0 and add exactly nothing, so every value is the same as over
                // all t keys (the weights are written out at full width for the backward pass).
                int n = dropout > 0 ? t : keySpan(b);
                load(q, b, col, qa);
                load(k, b, col, ka);
                load(v, b, col, va);
                for (int i = 0; i < t * hs; i++) {
                    qa[i] *= scale;
                }
                transpose(ka, kt, n, hs);
                java.util.Arrays.fill(p, 0, t * n, 0f);
                M.matmulAdd(qa, 0, t, hs, kt, 0, n, p, 0);              // S = (Q scale) K^T, [t, n]
                softmax(p, b, n);
                if (n == t) {
                    probs.put(bh * t * t, p, 0, t * t);
                } else {
                    float[] row = drop;
                    java.util.Arrays.fill(row, n, t, 0f);
                    for (int i = 0; i < t; i++) {
                        System.arraycopy(p, i * n, row, 0, n);
                        probs.put(bh * t * t + i * t, row, 0, t);
                    }
                }
                float[] weights = p;
                if (dropout > 0) {
                    dropMask(bh, drop);
                    for (int i = 0; i < t * t; i++) {
                        drop[i] *= p[i];
                    }
                    weights = drop;
                }
                java.util.Arrays.fill(c, 0, t * hs, 0f);
                M.matmulAdd(weights, 0, t, n, va, 0, hs, c, 0);         // context = (P D) V
                storeFrom(context, b, col, c, 0);
            }
        });
    }

    /** One past the last key sequence {@code b}'s mask keeps; every key when it keeps none. */
    private int keySpan(int b) {
        int mo = b * seq;
        for (int j = seq; j > 0; j--) {
            if (mask[mo + j - 1] != 0f) {
                return j;
            }
        }
        return seq;
    }

    /**
     * Gradients of q, k and v from the gradient of the context; q, k, v and probs as in the
     * forward pass. dq, dk, dv: [B, T, H], written.
     */
    public void backward(FloatBuffer q, FloatBuffer k, FloatBuffer v, FloatBuffer probs, FloatBuffer dContext,
                         FloatBuffer dq, FloatBuffer dk, FloatBuffer dv) {
        Parallel.range(batch * heads, (from, to) -> {
            int t = seq;
            int hs = headSize;
            Scratch s = Scratch.get();
            float[] qa = s.a(t * hs);
            float[] ka = s.b(t * hs);
            float[] va = s.c(t * hs);
            float[] dc = s.d(t * hs);
            float[] p = s.e(t * t);
            float[] dp = s.f(t * t);
            float[] drop = s.g(t * t);
            float[] work = s.h(3 * t * hs);
            float[] pt = s.i(t * t);
            for (int bh = from; bh < to; bh++) {
                int b = bh / heads;
                int col = (bh % heads) * hs;
                load(q, b, col, qa);
                load(k, b, col, ka);
                load(v, b, col, va);
                load(dContext, b, col, dc);
                probs.get(bh * t * t, p, 0, t * t);
                if (dropout > 0) {
                    dropMask(bh, drop);
                }
                // dV = (P * D)^T dC
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j < t; j++) {
                        float w = p[i * t + j];
                        pt[j * t + i] = dropout > 0 ? w * drop[i * t + j] : w;
                    }
                }
                java.util.Arrays.fill(work, 0, 3 * t * hs, 0f);
                int dvo = 2 * t * hs;
                M.matmulAdd(pt, 0, t, t, dc, 0, hs, work, dvo);
                // dP = (dC V^T) * D; the transposed V uses the dQ slot of work until dQ is computed
                float[] vt = work;
                transpose(va, vt, t, hs);
                java.util.Arrays.fill(dp, 0, t * t, 0f);
                M.matmulAdd(dc, 0, t, hs, vt, 0, t, dp, 0);
                java.util.Arrays.fill(work, 0, t * hs, 0f);
                // dS = P * (dP - sum_j P dP) * scale
                for (int i = 0; i < t; i++) {
                    int po = i * t;
                    if (dropout > 0) {
                        for (int j = 0; j < t; j++) {
                            dp[po + j] *= drop[po + j];
                        }
                    }
                    float dot = M.dot(p, po, dp, po, t);
                    for (int j = 0; j < t; j++) {
                        dp[po + j] = p[po + j] * (dp[po + j] - dot) * scale;
                    }
                }
                // dQ = dS K, dK = dS^T Q
                int dko = t * hs;
                M.matmulAdd(dp, 0, t, t, ka, 0, hs, work, 0);
                transpose(dp, pt, t, t);
                M.matmulAdd(pt, 0, t, t, qa, 0, hs, work, dko);
                storeFrom(dq, b, col, work, 0);
                storeFrom(dk, b, col, work, dko);
                storeFrom(dv, b, col, work, dvo);
            }
        });
    }

    private void load(FloatBuffer src, int b, int col, float[] dst) {
        for (int i = 0; i < seq; i++) {
            src.get((b * seq + i) * hidden + col, dst, i * headSize, headSize);
        }
    }

    private void storeFrom(FloatBuffer dst, int b, int col, float[] src, int offset) {
        for (int i = 0; i < seq; i++) {
            dst.put((b * seq + i) * hidden + col, src, offset + i * headSize, headSize);
        }
    }

    private static void transpose(float[] a, float[] at, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                at[j * rows + i] = a[i * cols + j];
            }
        }
    }

    /**
     * Row softmax of the [t, n] scores p (rows of n: the first n keys) over the keys the mask keeps;
     * other keys get 0. With no key kept at all, every key counts.
     */
    private void softmax(float[] p, int b, int n) {
        int t = seq;
        int mo = b * t;
        int kept = 0;
        for (int j = 0; j < t; j++) {
            kept += mask[mo + j] != 0f ? 1 : 0;
        }
        boolean all = kept == 0 || kept == n;
        for (int i = 0; i < t; i++) {
            int po = i * n;
            if (!all) {
                for (int j = 0; j < n; j++) {
                    if (mask[mo + j] == 0f) {
                        p[po + j] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
            float max = M.max(p, po, n);
            float inv = 1f / M.expShifted(p, po, n, max);
            for (int j = 0; j < n; j++) {
                p[po + j] *= inv;
            }
        }
    }

    /** Keep-and-rescale factors (0 or 1 / (1 - p)) for pair bh, the same in forward and backward. */
    private void dropMask(int bh, float[] out) {
        SplittableRandom rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (bh + 1)));
        float keep = (float) (1.0 / (1.0 - dropout));
        for (int i = 0; i < seq * seq; i++) {
            out[i] = rng.nextDouble() < dropout ? 0f : keep;
        }
    }
}
