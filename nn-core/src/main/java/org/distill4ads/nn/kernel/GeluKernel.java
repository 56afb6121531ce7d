package org.distill4ads.nn.kernel;

import java.nio.FloatBuffer;

/**
 * Exact-form GELU, 0.5 x (1 + erf(x / sqrt 2)), in float32 with a rational approximation of erf
 * that needs no exp and vectorizes: erf(v) ~ v P(v^2) / Q(v^2) on v clamped to [-4, 4] (outside
 * it erf is +-1 in float32), P of degree 6 and Q of degree 4 in v^2 (the minimax coefficients
 * used by Eigen and XLA for float erf). Absolute error of GELU below 1e-6, of its derivative below
 * 1e-5 (largest near the clamp, |x| ~ 5.7). The
 * derivative is the exact derivative of that approximation, so forward and backward agree.
 *
 * <p>Both passes read and write dense float32 buffers in blocks through a per-thread scratch array,
 * the blocks spread over the cores ({@link Parallel}); every element's result is the same on any
 * number of cores.
 */
public final class GeluKernel {
    private static final float INV_SQRT2 = 0.70710678118654752f;
    private static final float A1 = -1.60960333262415e-02f;
    private static final float A3 = -2.95459980854025e-03f;
    private static final float A5 = -7.34990630326855e-04f;
    private static final float A7 = -5.69250639462346e-05f;
    private static final float A9 = -2.10102402082508e-06f;
    private static final float A11 = 2.77068142495902e-08f;
    private static final float A13 = -2.72614225801306e-10f;
    private static final float B0 = -1.42647390514189e-02f;
    private static final float B2 = -7.37332916720468e-03f;
    private static final float B4 = -1.68282697438203e-03f;
    private static final float B6 = -2.13374055278905e-04f;
    private static final float B8 = -1.45660718464996e-05f;
    static final int BLOCK = 4096;
    /** Fewer elements than this are summed on one core: splitting would cost more than it saves. */
    static final int PARALLEL_MIN = 1 << 16;

    private GeluKernel() {}

    /** y[i] = gelu(x[i] + bias[i % bias.length]) and, when {@code z != null}, z[i] = x[i] + bias[...]. */
    public static void forward(FloatBuffer x, float[] bias, FloatBuffer y, FloatBuffer z, int n) {
        int width = bias == null ? BLOCK : bias.length;
        int block = bias == null ? BLOCK : width * Math.max(1, BLOCK / width);
        if (bias != null && n % width != 0) {
            throw new IllegalArgumentException("gelu: " + n + " elements are not rows of the bias width " + width);
        }
        Parallel.chunks(n, block, (c, start, end) -> {
            int len = end - start;
            Scratch s = Scratch.get();
            float[] a = s.a(block);
            float[] b = s.b(block);
            x.get(start, a, 0, len);
            if (bias != null) {
                for (int r = 0; r < len; r += width) {
                    for (int j = 0; j < width; j++) {
                        a[r + j] += bias[j];
                    }
                }
                if (z != null) {
                    z.put(start, a, 0, len);
                }
            }
            gelu(a, b, len);
            y.put(start, b, 0, len);
        });
    }

    /** x[i] += bias[i % bias.length] in place: the bias of a linear layer without activation. */
    public static void addBias(FloatBuffer x, float[] bias, int n) {
        int width = bias.length;
        if (n % width != 0) {
            throw new IllegalArgumentException("bias: " + n + " elements are not rows of the bias width " + width);
        }
        int block = width * Math.max(1, BLOCK / width);
        Parallel.chunks(n, block, (c, start, end) -> {
            int len = end - start;
            float[] a = Scratch.get().a(block);
            x.get(start, a, 0, len);
            for (int r = 0; r < len; r += width) {
                for (int j = 0; j < width; j++) {
                    a[r + j] += bias[j];
                }
            }
            x.put(start, a, 0, len);
        });
    }

    /** sums[j] = sum over rows r of x[r * width + j]: the bias gradient of a linear layer. */
    public static float[] columnSums(FloatBuffer x, int n, int width) {
        if (n % width != 0) {
            throw new IllegalArgumentException("column sums: " + n + " elements are not rows of width " + width);
        }
        float[] sums = new float[width];
        int rows = n / width;
        // split over columns: every column sums its rows in order, whatever the number of cores
        if ((long) rows * width < PARALLEL_MIN) {
            sumColumns(x, rows, width, 0, width, sums);
        } else {
            Parallel.range(width, (from, to) -> sumColumns(x, rows, width, from, to, sums));
        }
        return sums;
    }

    private static void sumColumns(FloatBuffer x, int rows, int width, int c0, int c1, float[] sums) {
        float[] a = Scratch.get().a(c1 - c0);
        for (int r = 0; r < rows; r++) {
            x.get(r * width + c0, a, 0, c1 - c0);
            for (int j = c0; j < c1; j++) {
                sums[j] += a[j - c0];
            }
        }
    }

    /** dx[i] = g[i] * gelu'(z[i]). */
    public static void backward(FloatBuffer z, FloatBuffer g, FloatBuffer dx, int n) {
        Parallel.chunks(n, BLOCK, (c, start, end) -> {
            int len = end - start;
            Scratch s = Scratch.get();
            float[] a = s.a(BLOCK);
            float[] b = s.b(BLOCK);
            z.get(start, a, 0, len);
            g.get(start, b, 0, len);
            geluGrad(a, b, len);
            dx.put(start, b, 0, len);
        });
    }

    /** out[i] = gelu(x[i]) for {@code i < n}. */
    public static void gelu(float[] x, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            float xi = x[i];
            float v = Math.max(-4f, Math.min(4f, xi * INV_SQRT2));
            float v2 = v * v;
            float p = v2 * A13 + A11;
            p = v2 * p + A9;
            p = v2 * p + A7;
            p = v2 * p + A5;
            p = v2 * p + A3;
            p = v2 * p + A1;
            float q = v2 * B8 + B6;
            q = v2 * q + B4;
            q = v2 * q + B2;
            q = v2 * q + B0;
            out[i] = 0.5f * xi * (1f + v * p / q);
        }
    }

    /** {@code g[i] <- g[i]} * gelu'(x[i]) = g (Phi(x) + x Phi'(x)), with Phi from the same approximation. */
    public static void geluGrad(float[] x, float[] g, int n) {
        // Several small loops rather than one large one: the JIT unrolls, and so vectorizes, only
        // loops with a small body. erf(v) = v P / Q with P = P(v^2), Q = Q(v^2);
        // d erf / dv = ((P + 2 v^2 P') Q - 2 v^2 P Q') / Q^2.
        Scratch s = Scratch.get();
        float[] v2s = s.e(n);
        float[] ps = s.f(n);
        float[] qs = s.g(n);
        float[] dps = s.h(n);
        float[] dqs = s.i(n);
        for (int i = 0; i < n; i++) {
            float v = Math.max(-4f, Math.min(4f, x[i] * INV_SQRT2));
            v2s[i] = v * v;
        }
        for (int i = 0; i < n; i++) {
            float v2 = v2s[i];
            float p = v2 * A13 + A11;
            p = v2 * p + A9;
            p = v2 * p + A7;
            p = v2 * p + A5;
            p = v2 * p + A3;
            ps[i] = v2 * p + A1;
        }
        for (int i = 0; i < n; i++) {
            float v2 = v2s[i];
            float q = v2 * B8 + B6;
            q = v2 * q + B4;
            q = v2 * q + B2;
            qs[i] = v2 * q + B0;
        }
        for (int i = 0; i < n; i++) {
            float v2 = v2s[i];
            float dp = v2 * (6f * A13) + 5f * A11;
            dp = v2 * dp + 4f * A9;
            dp = v2 * dp + 3f * A7;
            dp = v2 * dp + 2f * A5;
            dps[i] = v2 * dp + A3;
        }
        for (int i = 0; i < n; i++) {
            float v2 = v2s[i];
            float dq = v2 * (4f * B8) + 3f * B6;
            dq = v2 * dq + 2f * B4;
            dqs[i] = v2 * dq + B2;
        }
        for (int i = 0; i < n; i++) {
            float q = qs[i];
            float twoV2 = 2f * v2s[i];
            dps[i] = ((ps[i] + twoV2 * dps[i]) * q - twoV2 * ps[i] * dqs[i]) / (q * q);
        }
        for (int i = 0; i < n; i++) {
            float v = Math.max(-4f, Math.min(4f, x[i] * INV_SQRT2));
            qs[i] = 0.5f + 0.5f * v * ps[i] / qs[i];
        }
        for (int i = 0; i < n; i++) {
            // erf is clamped beyond |x / sqrt 2| = 4: no slope there
            float inside = Math.min(1f, Math.max(0f, (32f - x[i] * x[i]) * 1.2676506e30f));
            g[i] *= qs[i] + x[i] * (0.5f * INV_SQRT2) * dps[i] * inside;
        }
    }
}
