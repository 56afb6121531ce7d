package org.distill4ads.nn.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The element-wise and row kernels on inputs large enough to be split over the cores, against
 * element-by-element and float64 references: the split must not change any result.
 */
class ParallelKernelsTest {
    private static final int ROWS = 300;
    private static final int WIDTH = 1536; // 460,800 elements: many chunks on any core count

    @Test
    void chunksCoverEveryElementOnceWithFixedBoundaries() {
        int n = 100_003;
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        int[] sizes = new int[Parallel.chunkCount(n, 4096)];
        Parallel.chunks(n, 4096, (c, from, to) -> {
            assertEquals(c * 4096, from, "chunk " + c + " starts at a fixed boundary");
            sizes[c] = to - from;
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, seen.get(i), "element " + i);
        }
        assertEquals(n % 4096, sizes[sizes.length - 1]);
        assertThrows(IllegalArgumentException.class, () -> Parallel.chunks(10, 0, (c, f, t) -> { }));
    }

    @Test
    void geluForwardAndBackwardEqualTheOneElementResults() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = ROWS * WIDTH;
        float[] x = random(rng, n, 4);
        float[] bias = random(rng, WIDTH, 1);
        float[] g = random(rng, n, 1);
        FloatBuffer y = FloatBuffer.allocate(n);
        FloatBuffer z = FloatBuffer.allocate(n);
        GeluKernel.forward(FloatBuffer.wrap(x), bias, y, z, n);
        FloatBuffer dx = FloatBuffer.allocate(n);
        GeluKernel.backward(z, FloatBuffer.wrap(g), dx, n);
        float[] one = new float[1];
        float[] out = new float[1];
        for (int i = 0; i < n; i += 7) {
            one[0] = x[i] + bias[i % WIDTH];
            assertEquals(one[0], z.get(i), "pre-activation at " + i);
            GeluKernel.gelu(one, out, 1);
            assertEquals(out[0], y.get(i), "gelu at " + i);
            out[0] = g[i];
            GeluKernel.geluGrad(one, out, 1);
            assertEquals(out[0], dx.get(i), "gelu gradient at " + i);
        }
    }

    @Test
    void addBiasAndColumnSumsMatchFloat64() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = ROWS * WIDTH;
        float[] x = random(rng, n, 1);
        float[] bias = random(rng, WIDTH, 1);
        FloatBuffer shifted = FloatBuffer.wrap(x.clone());
        GeluKernel.addBias(shifted, bias, n);
        for (int i = 0; i < n; i += 5) {
            assertEquals(x[i] + bias[i % WIDTH], shifted.get(i), "bias added at " + i);
        }
        float[] sums = GeluKernel.columnSums(FloatBuffer.wrap(x), n, WIDTH);
        for (int j = 0; j < WIDTH; j++) {
            double want = 0;
            for (int r = 0; r < ROWS; r++) {
                want += x[r * WIDTH + j];
            }
            assertEquals(want, sums[j], 1e-4, "column " + j);
        }
    }

    @Test
    void layerNormForwardAndBackwardMatchFloat64() {
        SplittableRandom rng = new SplittableRandom(5);
        int h = 384;
        int rows = 700;
        int n = rows * h;
        float[] x = random(rng, n, 2);
        float[] res = random(rng, n, 1);
        float[] gain = random(rng, h, 1);
        float[] bias = random(rng, h, 1);
        float[] g = random(rng, n, 1);
        FloatBuffer y = FloatBuffer.allocate(n);
        FloatBuffer xhat = FloatBuffer.allocate(n);
        FloatBuffer inv = FloatBuffer.allocate(rows);
        double eps = 1e-12;
        LayerNormKernel.forward(FloatBuffer.wrap(x), FloatBuffer.wrap(res), gain, bias, eps, y, xhat, inv, rows, h);
        float[] dGain = new float[h];
        float[] dBias = new float[h];
        FloatBuffer dx = FloatBuffer.allocate(n);
        LayerNormKernel.backward(FloatBuffer.wrap(g), xhat, inv, gain, dGain, dBias, dx, rows, h);
        double[] wantGain = new double[h];
        double[] wantBias = new double[h];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int j = 0; j < h; j++) {
                mean += (double) x[r * h + j] + res[r * h + j];
            }
            mean /= h;
            double var = 0;
            for (int j = 0; j < h; j++) {
                double c = (double) x[r * h + j] + res[r * h + j] - mean;
                var += c * c;
            }
            var /= h;
            double is = 1 / Math.sqrt(var + eps);
            double[] xh = new double[h];
            double m1 = 0;
            double m2 = 0;
            for (int j = 0; j < h; j++) {
                xh[j] = ((double) x[r * h + j] + res[r * h + j] - mean) * is;
                assertEquals(xh[j] * gain[j] + bias[j], y.get(r * h + j), 2e-5, "y at row " + r + " column " + j);
                double d = g[r * h + j] * (double) gain[j];
                m1 += d / h;
                m2 += d * xh[j] / h;
                wantGain[j] += g[r * h + j] * xh[j];
                wantBias[j] += g[r * h + j];
            }
            for (int j = 0; j < h; j++) {
                double want = is * (g[r * h + j] * (double) gain[j] - m1 - xh[j] * m2);
                assertEquals(want, dx.get(r * h + j), 1e-4 * Math.max(1, Math.abs(want)), "dx at row " + r + " column " + j);
            }
        }
        for (int j = 0; j < h; j++) {
            assertEquals(wantGain[j], dGain[j], 5e-3, "gain gradient " + j);
            assertEquals(wantBias[j], dBias[j], 5e-3, "bias gradient " + j);
        }
        float[] again = new float[h];
        LayerNormKernel.backward(FloatBuffer.wrap(g), xhat, inv, gain, again, null, null, rows, h);
        assertArrayEquals(dGain, again, "the same input gives the same gain gradient, bit for bit");
    }

    /** n uniform values in [-scale, scale). */
    static float[] random(SplittableRandom rng, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return x;
    }
}
