package org.distill4ads.nn.kernel;

import java.nio.FloatBuffer;

/**
 * Layer normalization over rows of width {@code h}, optionally of the sum of two inputs (the
 * residual connection): s = x + r; y = (s - mean) / sqrt(var + eps) * gain + bias, with the
 * biased variance. The forward pass keeps xhat and 1/sqrt(var + eps) for the backward pass.
 */
public final class LayerNormKernel {
    private LayerNormKernel() {}

    /** x, r (or null), y, xhat: [rows, h]; invStd: [rows]. */
    public static void forward(FloatBuffer x, FloatBuffer r, float[] gain, float[] bias, double eps,
                               FloatBuffer y, FloatBuffer xhat, FloatBuffer invStd, int rows, int h) {
        int block = Math.max(1, GeluKernel.BLOCK / h);
        Scratch s = Scratch.get();
        float[] a = s.a(block * h);
        float[] b = s.b(block * h);
        float[] inv = s.c(block);
        for (int row = 0; row < rows; row += block) {
            int nr = Math.min(block, rows - row);
            int len = nr * h;
            int start = row * h;
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
        }
    }

    /**
     * g: [rows, h] the gradient of y. Adds the gain and bias gradients into {@code dGain} and
     * {@code dBias} (when not null) and writes the input gradient into {@code dx} (when not null).
     */
    public static void backward(FloatBuffer g, FloatBuffer xhat, FloatBuffer invStd, float[] gain,
                                float[] dGain, float[] dBias, FloatBuffer dx, int rows, int h) {
        int block = Math.max(1, GeluKernel.BLOCK / h);
        Scratch s = Scratch.get();
        float[] gb = s.a(block * h);
        float[] xb = s.b(block * h);
        float[] inv = s.c(block);
        float[] d = s.d(h);
        for (int row = 0; row < rows; row += block) {
            int nr = Math.min(block, rows - row);
            int len = nr * h;
            int start = row * h;
            g.get(start, gb, 0, len);
            xhat.get(start, xb, 0, len);
            invStd.get(row, inv, 0, nr);
            for (int k = 0; k < nr; k++) {
                int off = k * h;
                if (dGain != null) {
                    for (int j = 0; j < h; j++) {
                        dGain[j] += gb[off + j] * xb[off + j];
                    }
                }
                if (dBias != null) {
                    for (int j = 0; j < h; j++) {
                        dBias[j] += gb[off + j];
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
    }
}
