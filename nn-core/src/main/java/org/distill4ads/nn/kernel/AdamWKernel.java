package org.distill4ads.nn.kernel;

import java.nio.FloatBuffer;

/**
 * One AdamW update of a float32 tensor in a single pass over parameter, gradient and moments
 * (instead of a dozen array ops): {@code p <- p * decay; m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2;
 * p <- p - stepSize * m / (sqrt(v / bc2) + eps)}, with {@code stepSize = lr / bc1}.
 */
public final class AdamWKernel {
    private AdamWKernel() {}

    public static void step(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, int n, float decay,
                            float beta1, float beta2, float stepSize, float bc2, float eps) {
        int block = GeluKernel.BLOCK;
        float c1 = 1f - beta1;
        float c2 = 1f - beta2;
        // every element is updated on its own: the split over cores does not change any value
        Parallel.chunks(n, block, (chunk, start, end) -> {
            int len = end - start;
            Scratch s = Scratch.get();
            float[] pa = s.a(block);
            float[] ga = s.b(block);
            float[] ma = s.c(block);
            float[] va = s.d(block);
            p.get(start, pa, 0, len);
            g.get(start, ga, 0, len);
            m.get(start, ma, 0, len);
            v.get(start, va, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = ga[i];
                float mi = beta1 * ma[i] + c1 * gi;
                float vi = beta2 * va[i] + c2 * (gi * gi);
                ma[i] = mi;
                va[i] = vi;
                pa[i] = pa[i] * decay - stepSize * mi / ((float) Math.sqrt(vi / bc2) + eps);
            }
            p.put(start, pa, 0, len);
            m.put(start, ma, 0, len);
            v.put(start, va, 0, len);
        });
    }
}
