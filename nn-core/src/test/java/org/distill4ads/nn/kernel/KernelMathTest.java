package org.distill4ads.nn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The kernels' math against float64 references, for both FloatMath implementations, over odd sizes. */
class KernelMathTest {
    private static final int[] SIZES = {1, 7, 13, 207, 1021};

    /** erf in double by its Maclaurin series (|x| < 3) or continued fraction of erfc (|x| >= 3). */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200; n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int n = 60; n >= 1; n--) {
                f = n / 2.0 / (ax + f);
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
        }
        return Math.copySign(r, x);
    }

    static List<FloatMath> implementations() {
        List<FloatMath> all = new ArrayList<>();
        all.add(ScalarFloatMath.INSTANCE);
        if (ModuleLayer.boot().findModule(FloatMaths.MODULE).isPresent()) {
            all.add(FloatMaths.simd());
        }
        return all;
    }

    @Test
    void testsCoverTheSimdPath() {
        // the build runs the tests with --add-modules jdk.incubator.vector; without it only the reference is tested
        assertEquals(2, implementations().size(), "SIMD implementation missing from the test run");
    }

    @Test
    void geluAndItsDerivativeMatchTheExactFunction() {
        int n = 20001;
        float[] x = new float[n];
        float[] y = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -10f + 20f * i / (n - 1);
            g[i] = 1f;
        }
        GeluKernel.gelu(x, y, n);
        GeluKernel.geluGrad(x, g, n);
        for (int i = 0; i < n; i++) {
            double v = x[i];
            double exact = 0.5 * v * (1 + erf(v / Math.sqrt(2)));
            double dExact = 0.5 * (1 + erf(v / Math.sqrt(2))) + v * Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI);
            assertEquals(exact, y[i], 1e-6 * Math.max(1, Math.abs(exact)), "gelu(" + v + ")");
            assertEquals(dExact, g[i], 1e-5, "gelu'(" + v + ")");
        }
    }

    @Test
    void fastExpIsAccurateAndHandlesTheEnds() {
        for (float x = -87f; x <= 88f; x += 0.013f) {
            double e = Math.exp(x);
            assertEquals(e, FastMath.exp(x), 3e-7 * e, "exp(" + x + ")");
        }
        assertEquals(0f, FastMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, FastMath.exp(-1000f));
        assertTrue(Float.isNaN(FastMath.exp(Float.NaN)));
    }

    @Test
    void matmulAddAgreesWithDoublePrecisionOnTilesAndEdges() {
        SplittableRandom rng = new SplittableRandom(11);
        int[][] shapes = {{1, 1, 1}, {4, 32, 32}, {32, 32, 32}, {7, 5, 33}, {13, 17, 48}, {5, 64, 3}, {9, 3, 70}};
        for (FloatMath m : implementations()) {
            for (int[] shape : shapes) {
                int rows = shape[0];
                int inner = shape[1];
                int cols = shape[2];
                float[] a = ParallelKernelsTest.random(rng, 2 + rows * inner, 1);
                float[] b = ParallelKernelsTest.random(rng, 3 + inner * cols, 1);
                float[] c = ParallelKernelsTest.random(rng, 1 + rows * cols + 2, 1);
                float[] before = c.clone();
                m.matmulAdd(a, 2, rows, inner, b, 3, cols, c, 1);
                for (int x = 0; x < c.length; x++) {
                    int i = (x - 1) / cols;
                    int j = (x - 1) % cols;
                    double want = before[x];
                    if (x >= 1 && x < 1 + rows * cols) {
                        for (int p = 0; p < inner; p++) {
                            want += (double) a[2 + i * inner + p] * b[3 + p * cols + j];
                        }
                    }
                    assertEquals(want, c[x], 1e-5 * Math.max(1, inner), m.name() + " matmulAdd "
                            + rows + "x" + inner + "x" + cols + " at " + x);
                }
            }
        }
    }

    @Test
    void aRowsValuesDoNotDependOnItsPaddedLength() {
        SplittableRandom rng = new SplittableRandom(13);
        for (FloatMath m : implementations()) {
            int rows = 7;
            int inner = 9;
            float[] a = ParallelKernelsTest.random(rng, rows * inner, 1);
            float[] b12 = ParallelKernelsTest.random(rng, inner * 12, 1);
            for (int wide : new int[] {20, 33, 48}) {
                float[] bw = new float[inner * wide];
                for (int p = 0; p < inner; p++) {
                    System.arraycopy(b12, p * 12, bw, p * wide, 12);
                }
                float[] c12 = new float[rows * 12];
                float[] cw = new float[rows * wide];
                m.matmulAdd(a, 0, rows, inner, b12, 0, 12, c12, 0);
                m.matmulAdd(a, 0, rows, inner, bw, 0, wide, cw, 0);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < 12; j++) {
                        assertEquals(c12[i * 12 + j], cw[i * wide + j], 0f, m.name() + " matmulAdd " + wide + " wide at " + i + "," + j);
                    }
                }
                float[] e12 = ParallelKernelsTest.random(rng, 12, 1);
                float[] ew = new float[wide];
                java.util.Arrays.fill(ew, Float.NEGATIVE_INFINITY);
                System.arraycopy(e12, 0, ew, 0, 12);
                float s12 = m.expShifted(e12, 0, 12, 0.25f);
                float sw = m.expShifted(ew, 0, wide, 0.25f);
                assertEquals(s12, sw, 0f, m.name() + " exp sum with " + (wide - 12) + " padded entries");
                for (int j = 0; j < 12; j++) {
                    assertEquals(e12[j], ew[j], 0f, m.name() + " exp at " + j);
                }
            }
        }
    }

    @Test
    void expShiftedIsTheScalarExpBitForBitOnEveryLaneAndTail() {
        SplittableRandom rng = new SplittableRandom(17);
        float[] special = {Float.NEGATIVE_INFINITY, Float.NaN, -87.3f, Math.nextDown(-87.3f), Math.nextUp(-87.3f), -88f,
                -100f, 0f, -0f, 88f, 1e-30f, -1e-30f, 0.5f * (float) Math.log(2), -0.5f * (float) Math.log(2)};
        for (FloatMath m : implementations()) {
            for (int n : new int[] {1, 15, 16, 17, 31, 32, 33, 100}) {
                for (int round = 0; round < 20; round++) {
                    float[] x = new float[n + 2];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = round < 10 ? (float) (rng.nextDouble() * 100 - 90) : special[rng.nextInt(special.length)];
                    }
                    float shift = round % 2 == 0 ? 0f : 1.5f;
                    float[] e = x.clone();
                    float sum = m.expShifted(e, 2, n, shift);
                    float want = 0f;
                    for (int i = 0; i < n; i++) {
                        float ex = FastMath.exp(x[i + 2] - shift);
                        want += ex;
                        assertEquals(Float.floatToIntBits(ex), Float.floatToIntBits(e[i + 2]),
                                m.name() + " exp(" + x[i + 2] + " - " + shift + ") n=" + n + " at " + i + ": " + ex + " vs " + e[i + 2]);
                    }
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(sum), m.name() + " sum in index order, n=" + n);
                    float max = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < n; i++) {
                        max = Math.max(max, x[i + 2]);
                    }
                    assertEquals(Float.floatToIntBits(max), Float.floatToIntBits(m.max(x, 2, n)), m.name() + " max n=" + n);
                }
            }
        }
    }

    @Test
    void axpyDotAndExpAgreeWithDoublePrecision() {
        SplittableRandom rng = new SplittableRandom(5);
        for (FloatMath m : implementations()) {
            for (int n : SIZES) {
                float[] x = new float[n + 3];
                float[] y = new float[n + 5];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (rng.nextDouble() * 2 - 1);
                }
                for (int i = 0; i < y.length; i++) {
                    y[i] = (float) (rng.nextDouble() * 2 - 1);
                }
                double dot = 0;
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    dot += (double) x[i + 3] * y[i + 5];
                    norm += Math.abs((double) x[i + 3] * y[i + 5]);
                }
                assertEquals(dot, m.dot(x, 3, y, 5, n), 1e-6 * Math.max(1, norm), m.name() + " dot n=" + n);
                float[] before = y.clone();
                m.axpy(0.75f, x, 3, y, 5, n);
                for (int i = 0; i < y.length; i++) {
                    double want = i >= 5 && i < 5 + n ? before[i] + 0.75 * x[i - 2] : before[i];
                    assertEquals(want, y[i], 1e-6, m.name() + " axpy n=" + n + " at " + i);
                }
                float[] e = x.clone();
                float sum = m.expShifted(e, 3, n, 0.5f);
                double want = 0;
                for (int i = 0; i < e.length; i++) {
                    if (i >= 3 && i < 3 + n) {
                        double ex = Math.exp(x[i] - 0.5);
                        want += ex;
                        assertEquals(ex, e[i], 5e-7 * ex, m.name() + " exp n=" + n + " at " + i);
                    } else {
                        assertEquals(x[i], e[i], m.name() + " exp outside the range at " + i);
                    }
                }
                assertEquals(want, sum, 1e-6 * want, m.name() + " exp sum n=" + n);
            }
        }
    }

    @Test
    void adamWKernelMatchesTheUpdateInDouble() {
        int n = 1021;
        SplittableRandom rng = new SplittableRandom(3);
        float[] p = new float[n];
        float[] g = new float[n];
        float[] m = new float[n];
        float[] v = new float[n];
        double[] pd = new double[n];
        double[] md = new double[n];
        double[] vd = new double[n];
        double lr = 1e-2;
        double wd = 0.01;
        for (int step = 1; step <= 3; step++) {
            for (int i = 0; i < n; i++) {
                if (step == 1) {
                    p[i] = (float) rng.nextDouble();
                    pd[i] = p[i];
                }
                g[i] = (float) (rng.nextDouble() - 0.5);
            }
            double bc1 = 1 - Math.pow(0.9, step);
            double bc2 = 1 - Math.pow(0.999, step);
            AdamWKernel.step(FloatBuffer.wrap(p), FloatBuffer.wrap(g), FloatBuffer.wrap(m), FloatBuffer.wrap(v), n,
                    (float) (1 - lr * wd), 0.9f, 0.999f, (float) (lr / bc1), (float) bc2, 1e-8f);
            for (int i = 0; i < n; i++) {
                pd[i] *= 1 - lr * wd;
                md[i] = 0.9 * md[i] + 0.1 * g[i];
                vd[i] = 0.999 * vd[i] + 0.001 * g[i] * g[i];
                pd[i] -= lr * (md[i] / bc1) / (Math.sqrt(vd[i] / bc2) + 1e-8);
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(pd[i], p[i], 2e-6, "parameter " + i);
            assertEquals(md[i], m[i], 1e-6, "first moment " + i);
        }
    }
}
