package org.distill4ads.nn.kernel;

import java.nio.FloatBuffer;

/**
 * Layer normalization over rows of width {@code h}, optionally of the sum of two inputs (the
 * residual connection): s = x + r; y = (s - mean) / sqrt(var + eps) * gain + bias, with the
 * biased variance. The forward pass keeps xhat and 1/sqrt(var + eps) for the backward pass. Rows
 * are spread over the cores ({@link Parallel}) in chunks that do not depend on their number.
 */
public final class LayerNormKernel {
    /** Rows per partial sum of the gain and bias gradients (fixed, so results do not depend on the cores). */
    private static final int PARTIAL_ROWS = 64;
    private static final FloatMath M = FloatMaths.get();

    private LayerNormKernel() {}

    /** x, r (or null), y, xhat: [rows, h]; invStd: [rows]. */
    public static void forward(FloatBuffer x, FloatBuffer r, float[] gain, float[] bias, double eps,
                               FloatBuffer y, FloatBuffer xhat, FloatBuffer invStd, int rows, int h) {
        int block = Math.max(1, GeluKernel.BLOCK / h);
        Parallel.chunks(rows, block, (c, row, end) -> {
            int nr = end - row;
            int len = nr * h;
            int start = row * h;
            Scratch s = Scratch.get();
            float[] a = s.a(block * h);
            float[] b = s.b(block * h);
            float[] inv = s.c(block);
            x.get(start, a, 0, len);
            if (r != null) {
                r.get(start, b, 0, len);
                for (int i = 0; i < len; i++) {
                    a[i] += b[i];
                }
            }
            for (int k = 0; k < nr; k++) {
                int off = k * h;
                float mean = Rows.sum(a, off, h) / h;
                for (int j = 0; j < h; j++) {
                    a[off + j] -= mean;
                }
                float var = Rows.dot(a, off, a, off, h) / h;
                float is = (float) (1.0 / Math.sqrt(var + eps));
                inv[k] = is;
                for (int j = 0; j < h; j++) {
                    float xh = a[off + j] * is;
                    a[off + j] = xh;
                    b[off + j] = xh * gain[j] + bias[j];
                }
            }
            xhat.put(start, a, 0, len);
            y.put(start, b, 0, len);
            invStd.put(row, inv, 0, nr);
        });
    }

    /**
     * g: [rows, h] the gradient of y. Adds the gain and bias gradients into {@code dGain} and
     * {@code dBias} (when not null) and writes the input gradient into {@code dx} (when not null).
     */
    public static void backward(FloatBuffer g, FloatBuffer xhat, FloatBuffer invStd, float[] gain,
                                float[] dGain, float[] dBias, FloatBuffer dx, int rows, int h) {
        int block = Math.max(1, GeluKernel.BLOCK / h);
        int chunk = block * Math.max(1, PARTIAL_ROWS / block);
        int chunks = Parallel.chunkCount(rows, chunk);
        // per-chunk partial sums of the gain and bias gradients, added in chunk order below
        float[] partGain = dGain == null ? null : new float[chunks * h];
        float[] partBias = dBias == null ? null : new float[chunks * h];
        Parallel.chunks(rows, chunk, (c, first, last) -> {
            Scratch s = Scratch.get();
            float[] gb = s.a(block * h);
            float[] xb = s.b(block * h);
            float[] inv = s.c(block);
            float[] d = s.d(h);
            int po = c * h;
            for (int row = first; row < last; row += block) {
                int nr = Math.min(block, last - row);
                int len = nr * h;
                int start = row * h;
                g.get(start, gb, 0, len);
                xhat.get(start, xb, 0, len);
                invStd.get(row, inv, 0, nr);
                for (int k = 0; k < nr; k++) {
                    int off = k * h;
                    if (partGain != null) {
                        for (int j = 0; j < h; j++) {
                            partGain[po + j] += gb[off + j] * xb[off + j];
                        }
                    }
                    if (partBias != null) {
                        for (int j = 0; j < h; j++) {
                            partBias[po + j] += gb[off + j];
                        }
                    }
                    if (dx != null) {
                        // dx = invStd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), dxhat = g * gain
                        for (int j = 0; j < h; j++) {
                            d[j] = gb[off + j] * gain[j];
                        }
                        float m1 = Rows.sum(d, 0, h) / h;
                        float m2 = Rows.dot(d, 0, xb, off, h) / h;
                        float is = inv[k];
                        for (int j = 0; j < h; j++) {
                            gb[off + j] = is * (d[j] - m1 - xb[off + j] * m2);
                        }
                    }
                }
                if (dx != null) {
                    dx.put(start, gb, 0, len);
                }
            }
        });
        for (int c = 0; c < chunks; c++) {
            if (partGain != null) {
                M.axpy(1f, partGain, c * h, dGain, 0, h);
            }
            if (partBias != null) {
                M.axpy(1f, partBias, c * h, dBias, 0, h);
            }
        }
    }
}
