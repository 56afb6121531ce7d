package org.distill4ads.retrieval.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both kernels against a double-precision reference over odd sizes and offsets. */
class VectorKernelTest {
    static final int[] SIZES = {1, 7, 13, 207, 1021};

    static List<VectorKernel> kernels() {
        return List.of(ScalarKernel.INSTANCE, Kernels.panama());
    }

    static float[] floats(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    static byte[] bytes(SplittableRandom r, int n) {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            a[i] = (byte) (r.nextInt(255) - 127); // [-127, 127], the int8 codes' range
        }
        return a;
    }

    /** float32 products summed in some order: the error is bounded by n · eps · Σ|a·b|. */
    static double tolerance(float[] a, int ao, float[] b, int bo, int n) {
        double abs = 0;
        for (int j = 0; j < n; j++) {
            abs += Math.abs((double) a[ao + j] * b[bo + j]);
        }
        return 2 * n * Math.ulp(1f) * abs + 1e-30;
    }

    static double reference(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += (double) a[ao + j] * b[bo + j];
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void floatDotMatchesDoubleReference(VectorKernel k) {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : SIZES) {
            for (int off : new int[] {0, 3}) {
                float[] a = floats(r, n + off);
                float[] b = floats(r, n + 5);
                double want = reference(a, off, b, 5, n);
                assertEquals(want, k.dot(a, off, b, 5, n), tolerance(a, off, b, 5, n), k.name() + " n=" + n + " off=" + off);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void byteDotIsExact(VectorKernel k) {
        SplittableRandom r = new SplittableRandom(12);
        for (int n : SIZES) {
            byte[] a = bytes(r, n + 2);
            byte[] b = bytes(r, n + 9);
            long want = 0;
            for (int j = 0; j < n; j++) {
                want += (long) a[2 + j] * b[9 + j];
            }
            assertEquals(want, k.dot(a, 2, b, 9, n), k.name() + " n=" + n);
        }
        // the extremes: 127 · 127 summed over 1021 lanes (and -127 · 127) stay exact
        for (byte v : new byte[] {127, -127}) {
            byte[] a = new byte[1021];
            byte[] b = new byte[1021];
            java.util.Arrays.fill(a, v);
            java.util.Arrays.fill(b, (byte) 127);
            assertEquals(1021L * v * 127, k.dot(a, 0, b, 0, 1021), k.name());
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void dotRowsScoresEveryRowOfAStridedMatrix(VectorKernel k) {
        SplittableRandom r = new SplittableRandom(13);
        for (int n : SIZES) {
            int stride = n + 3; // a prefix of each row, as a Matryoshka query reads
            int rows = 39;      // nine 4-row passes and a single row (from row 2)
            float[] data = floats(r, rows * stride);
            float[] q = floats(r, n);
            float[] out = new float[rows];
            k.dotRows(q, data, 2, rows - 2, stride, n, out);
            for (int i = 0; i < rows - 2; i++) {
                int off = (i + 2) * stride;
                assertEquals(reference(q, 0, data, off, n), out[i], tolerance(q, 0, data, off, n), k.name() + " n=" + n + " row=" + i);
            }
            byte[] codes = bytes(r, rows * stride);
            byte[] bq = bytes(r, n);
            int[] iout = new int[rows];
            k.dotRows(bq, codes, 1, rows - 1, stride, n, iout);
            for (int i = 0; i < rows - 1; i++) {
                long want = 0;
                for (int j = 0; j < n; j++) {
                    want += (long) bq[j] * codes[(i + 1) * stride + j];
                }
                assertEquals(want, iout[i], k.name() + " int8 n=" + n + " row=" + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void dotIdsScoresTheListedRows(VectorKernel k) {
        SplittableRandom r = new SplittableRandom(17);
        for (int n : SIZES) {
            int stride = n + 2;
            int rows = 40;
            float[] data = floats(r, rows * stride);
            float[] q = floats(r, n + 3);
            for (int count : new int[] {1, 3, 4, 7, 13}) { // whole 4-row passes and leftovers
                int[] ids = new int[count];
                for (int i = 0; i < count; i++) {
                    ids[i] = r.nextInt(rows);
                }
                float[] out = new float[count];
                k.dotIds(q, 3, data, ids, count, stride, n, out);
                for (int i = 0; i < count; i++) {
                    int off = ids[i] * stride;
                    assertEquals(reference(q, 3, data, off, n), out[i], tolerance(q, 3, data, off, n),
                            k.name() + " n=" + n + " count=" + count + " i=" + i);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void firstAtLeastFindsTheFirstQualifyingIndex(VectorKernel k) {
        SplittableRandom r = new SplittableRandom(14);
        for (int n : SIZES) {
            float[] a = floats(r, n);
            for (float t : new float[] {-10f, 0f, 1.5f, 10f}) {
                for (int from : new int[] {0, n / 2}) {
                    int want = n;
                    for (int i = from; i < n; i++) {
                        if (a[i] >= t) {
                            want = i;
                            break;
                        }
                    }
                    assertEquals(want, k.firstAtLeast(a, from, n, t), k.name() + " n=" + n + " t=" + t + " from=" + from);
                }
            }
            a[n - 1] = 3f; // equality counts
            assertEquals(n - 1, k.firstAtLeast(a, n - 1, n, 3f));
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void kernelsAgreeWithEachOtherOnLongRows(VectorKernel k) {
        SplittableRandom r = new SplittableRandom(15);
        float[] a = floats(r, 4096);
        float[] b = floats(r, 4096);
        double want = reference(a, 0, b, 0, 4096);
        assertTrue(Math.abs(k.dot(a, 0, b, 0, 4096) - want) <= tolerance(a, 0, b, 0, 4096));
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void dotPanelsScoresQueriesAgainstInterleavedRows(VectorKernel k) {
        SplittableRandom r = new SplittableRandom(16);
        int pw = k.panelWidth();
        for (int n : SIZES) {
            int width = n + 2;                 // a prefix of each row, as a Matryoshka query reads
            int panels = 7;                    // odd: the two-panel tile leaves one over; one query takes 4, then 1, 1
            int rows = panels * pw;
            float[][] m = new float[rows][];
            float[] packed = new float[panels * width * pw];
            for (int row = 0; row < rows; row++) {
                m[row] = floats(r, width);
                for (int j = 0; j < width; j++) {
                    packed[(row / pw) * width * pw + j * pw + row % pw] = m[row][j];
                }
            }
            int nq = 7;                        // not a multiple of the four-query tile
            float[] qs = floats(r, nq * n);
            int first = 1;
            int count = panels - first;
            float[] out = new float[nq * count * pw];
            for (int[] call : new int[][] {{1, nq - 1}, {2, 1}}) { // six queries (tile + two), then one alone
                int q0 = call[0];
                k.dotPanels(qs, q0, call[1], n, packed, width, first, count, out);
                for (int i = 0; i < call[1]; i++) {
                    for (int p = 0; p < count; p++) {
                        for (int l = 0; l < pw; l++) {
                            float[] row = m[(first + p) * pw + l];
                            double want = reference(qs, (q0 + i) * n, row, 0, n);
                            assertEquals(want, out[(i * count + p) * pw + l], tolerance(qs, (q0 + i) * n, row, 0, n),
                                    k.name() + " n=" + n + " queries " + call[1] + " query " + i + " panel " + p + " lane " + l);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void dotPanelsInt8IsExactOverOddWidths(VectorKernel k) {
        SplittableRandom r = new SplittableRandom(17);
        int rows = k.int8PanelRows();
        for (int n : SIZES) {
            int width = n + 2;                 // the prefix n of rows of width n + 2 (odd n: a half pair)
            int w = width + (width & 1);
            int panels = 3;
            byte[][] m = new byte[panels * rows][];
            byte[] packed = new byte[panels * w * rows];
            for (int row = 0; row < m.length; row++) {
                m[row] = bytes(r, width);
                for (int j = 0; j < width; j++) {
                    packed[(row / rows) * w * rows + (j / 2) * 2 * rows + 2 * (row % rows) + (j & 1)] = m[row][j];
                }
            }
            byte[] q = bytes(r, n);
            if (n == 1021) {
                // the extremes: every product +-127·127, summed in shorts two at a time, must not overflow
                java.util.Arrays.fill(q, (byte) 127);
                for (int row = 0; row < m.length; row++) {
                    byte v = (byte) (row % 2 == 0 ? 127 : -127);
                    java.util.Arrays.fill(m[row], v);
                    for (int j = 0; j < width; j++) {
                        packed[(row / rows) * w * rows + (j / 2) * 2 * rows + 2 * (row % rows) + (j & 1)] = v;
                    }
                }
            }
            int[] out = new int[2 * rows];
            k.dotPanelsInt8(q, n, packed, width, 1, 2, out);
            for (int i = 0; i < 2 * rows; i++) {
                long want = 0;
                for (int j = 0; j < n; j++) {
                    want += (long) q[j] * m[rows + i][j];
                }
                assertEquals(want, out[i], k.name() + " n=" + n + " row " + i);
            }
            // the same query array with other values (a kernel may cache a prepared query)
            q[n / 2] = (byte) (q[n / 2] == 5 ? -5 : 5);
            k.dotPanelsInt8(q, n, packed, width, 1, 2, out);
            for (int i = 0; i < 2 * rows; i++) {
                long want = 0;
                for (int j = 0; j < n; j++) {
                    want += (long) q[j] * m[rows + i][j];
                }
                assertEquals(want, out[i], k.name() + " n=" + n + " row " + i + " after the query changed");
            }
        }
    }
}
