package org.distill4ads.nn.kernel;

/** Row reductions with eight independent partial sums (the JIT does not vectorize float sums). */
final class Rows {
    private Rows() {}

    static float sum(float[] a, int off, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            int k = off + i;
            s0 += a[k]; s1 += a[k + 1]; s2 += a[k + 2]; s3 += a[k + 3];
            s4 += a[k + 4]; s5 += a[k + 5]; s6 += a[k + 6]; s7 += a[k + 7];
        }
        for (; i < n; i++) {
            s0 += a[off + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** Sum of a[off + i] * b[boff + i]. */
    static float dot(float[] a, int off, float[] b, int boff, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            int k = off + i;
            int m = boff + i;
            s0 += a[k] * b[m]; s1 += a[k + 1] * b[m + 1]; s2 += a[k + 2] * b[m + 2]; s3 += a[k + 3] * b[m + 3];
            s4 += a[k + 4] * b[m + 4]; s5 += a[k + 5] * b[m + 5]; s6 += a[k + 6] * b[m + 6]; s7 += a[k + 7] * b[m + 7];
        }
        for (; i < n; i++) {
            s0 += a[off + i] * b[boff + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
