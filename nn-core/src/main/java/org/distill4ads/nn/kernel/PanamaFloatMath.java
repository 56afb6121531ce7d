package org.distill4ads.nn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatMath} on the Vector API (JDK 17's {@code jdk.incubator.vector}) at the preferred
 * vector width, with scalar tails that do what a lane does (fused multiply-add), so that an
 * element's value does not depend on where a row's length puts it. Loaded by {@link FloatMaths} only when the module is present.
 */
final class PanamaFloatMath implements FloatMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector av = FloatVector.broadcast(S, a);
        for (; i < bound; i += S.length()) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + i);
            FloatVector yv = FloatVector.fromArray(S, y, yo + i);
            xv.fma(av, yv).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = Math.fma(a, x[xo + i], y[yo + i]); // the vector lanes' own operation
        }
    }

    @Override
    public float dot(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, y, yo + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[xo + i] * y[yo + i];
        }
        return s;
    }

    /**
     * Register-tiled: four rows of c by two vectors of columns stay in eight accumulators while
     * the k loop streams a row of b and broadcasts four elements of a; the edges fall back to one
     * vector of columns, then to scalars, and rows beyond a multiple of four to axpy.
     */
    @Override
    public void matmulAdd(float[] a, int ao, int m, int k, float[] b, int bo, int n, float[] c, int co) {
        int l = S.length();
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = ao + i * k;
            int a1 = a0 + k;
            int a2 = a1 + k;
            int a3 = a2 + k;
            int c0 = co + i * n;
            int j = 0;
            for (; j + 2 * l <= n; j += 2 * l) {
                tile4x2(a, a0, a1, a2, a3, k, b, bo + j, n, c, c0 + j);
            }
            for (; j + l <= n; j += l) {
                tile4x1(a, a0, a1, a2, a3, k, b, bo + j, n, c, c0 + j);
            }
            for (; j < n; j++) {
                // the same fused multiply-adds, in the same order, as a vector lane: an element's
                // value does not depend on whether its column fell in a tile or in the tail
                float s0 = c[c0 + j];
                float s1 = c[c0 + n + j];
                float s2 = c[c0 + 2 * n + j];
                float s3 = c[c0 + 3 * n + j];
                for (int p = 0; p < k; p++) {
                    float bv = b[bo + p * n + j];
                    s0 = Math.fma(a[a0 + p], bv, s0);
                    s1 = Math.fma(a[a1 + p], bv, s1);
                    s2 = Math.fma(a[a2 + p], bv, s2);
                    s3 = Math.fma(a[a3 + p], bv, s3);
                }
                c[c0 + j] = s0;
                c[c0 + n + j] = s1;
                c[c0 + 2 * n + j] = s2;
                c[c0 + 3 * n + j] = s3;
            }
        }
        for (; i < m; i++) {
            for (int p = 0; p < k; p++) {
                axpy(a[ao + i * k + p], b, bo + p * n, c, co + i * n, n);
            }
        }
    }

    private static void tile4x2(float[] a, int a0, int a1, int a2, int a3, int k, float[] b, int bo, int n,
                                float[] c, int co) {
        int l = S.length();
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c01 = FloatVector.fromArray(S, c, co + l);
        FloatVector c10 = FloatVector.fromArray(S, c, co + n);
        FloatVector c11 = FloatVector.fromArray(S, c, co + n + l);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * n);
        FloatVector c21 = FloatVector.fromArray(S, c, co + 2 * n + l);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * n);
        FloatVector c31 = FloatVector.fromArray(S, c, co + 3 * n + l);
        for (int p = 0; p < k; p++) {
            int row = bo + p * n;
            FloatVector b0 = FloatVector.fromArray(S, b, row);
            FloatVector b1 = FloatVector.fromArray(S, b, row + l);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + l);
        c10.intoArray(c, co + n);
        c11.intoArray(c, co + n + l);
        c20.intoArray(c, co + 2 * n);
        c21.intoArray(c, co + 2 * n + l);
        c30.intoArray(c, co + 3 * n);
        c31.intoArray(c, co + 3 * n + l);
    }

    private static void tile4x1(float[] a, int a0, int a1, int a2, int a3, int k, float[] b, int bo, int n,
                                float[] c, int co) {
        FloatVector c0 = FloatVector.fromArray(S, c, co);
        FloatVector c1 = FloatVector.fromArray(S, c, co + n);
        FloatVector c2 = FloatVector.fromArray(S, c, co + 2 * n);
        FloatVector c3 = FloatVector.fromArray(S, c, co + 3 * n);
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bo + p * n);
            c0 = bv.fma(FloatVector.broadcast(S, a[a0 + p]), c0);
            c1 = bv.fma(FloatVector.broadcast(S, a[a1 + p]), c1);
            c2 = bv.fma(FloatVector.broadcast(S, a[a2 + p]), c2);
            c3 = bv.fma(FloatVector.broadcast(S, a[a3 + p]), c3);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + n);
        c2.intoArray(c, co + 2 * n);
        c3.intoArray(c, co + 3 * n);
    }

    /**
     * The exponentials lane by lane with exactly {@link FastMath#exp}'s operations (the same
     * multiplies and adds, no fused ones, the same 2^k from its bits), so every element gets the
     * scalar function's value bit for bit; the sum is taken in index order, so that a row's values
     * do not depend on its length: a padded row (trailing exp(-inf) = 0) gives the same softmax as
     * the unpadded one, and a text's embedding does not depend on the batch it was padded in
     * (micro-batched serving relies on it).
     */
    @Override
    public float expShifted(float[] x, int xo, int n, float shift) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i).sub(shift);
            exp(v).intoArray(x, xo + i);
        }
        for (; i < n; i++) {
            x[xo + i] = FastMath.exp(x[xo + i] - shift);
        }
        float sum = 0f;
        for (int j = 0; j < n; j++) {
            sum += x[xo + j];
        }
        return sum;
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;
    private static final float LOW = -87.3f;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final int ROUND_BITS = Float.floatToIntBits(ROUND);

    /**
     * {@link FastMath#exp} on every lane, the same operations in the same order. JDK 17 compiles
     * no masked operation (blend, compare) nor float-to-int conversion on 512-bit vectors to
     * instructions, so the ends are arithmetic: lanes below -87.3 (and -infinity) are computed at
     * -87.3 and multiplied by 0, the others by exactly 1; NaN stays NaN.
     */
    private static FloatVector exp(FloatVector x) {
        FloatVector below = x.sub(LOW).mul(-1e30f).max(0f).min(1f);   // 1 when x < -87.3, 0 when x >= -87.3
        FloatVector keep = ONE.sub(below);
        FloatVector xc = x.max(LOW);
        FloatVector kr = xc.mul(LOG2E).add(ROUND);    // k in the low bits of the mantissa: bits(ROUND) + k
        FloatVector k = kr.sub(ROUND);
        FloatVector r = xc.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
        p = p.mul(r).add(8.3334519073e-3f);
        p = p.mul(r).add(4.1665795894e-2f);
        p = p.mul(r).add(1.6666665459e-1f);
        p = p.mul(r).add(5.0000001201e-1f);
        p = p.mul(r).mul(r).add(r).add(1f);
        // 2^k = bits ((int) k + 127) << 23, from k's own bits: no float-to-int conversion
        IntVector bits = kr.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats()).mul(keep);
    }

    @Override
    public float max(float[] x, int xo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        float m = Float.NEGATIVE_INFINITY;
        if (bound > 0) {
            FloatVector acc = FloatVector.fromArray(S, x, xo);
            for (i = S.length(); i < bound; i += S.length()) {
                acc = acc.max(FloatVector.fromArray(S, x, xo + i));
            }
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            m = Math.max(m, x[xo + i]);
        }
        return m;
    }

    @Override
    public String name() {
        return "simd-" + S.vectorBitSize();
    }
}
