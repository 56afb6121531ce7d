package org.distill4ads.retrieval.kernel;

/**
 * The reference kernel: plain Java, on any JDK without flags. The dot products keep four
 * independent accumulators so that four multiply-adds are in flight instead of one dependency
 * chain; a scalar tail finishes the remainder.
 */
public final class ScalarKernel implements VectorKernel {
    public static final ScalarKernel INSTANCE = new ScalarKernel();

    private ScalarKernel() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[aOff + j] * b[bOff + j];
            s1 += a[aOff + j + 1] * b[bOff + j + 1];
            s2 += a[aOff + j + 2] * b[bOff + j + 2];
            s3 += a[aOff + j + 3] * b[bOff + j + 3];
        }
        for (; j < n; j++) {
            s0 += a[aOff + j] * b[bOff + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public int dot(byte[] a, int aOff, byte[] b, int bOff, int n) {
        int s0 = 0;
        int s1 = 0;
        int s2 = 0;
        int s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[aOff + j] * b[bOff + j];
            s1 += a[aOff + j + 1] * b[bOff + j + 1];
            s2 += a[aOff + j + 2] * b[bOff + j + 2];
            s3 += a[aOff + j + 3] * b[bOff + j + 3];
        }
        for (; j < n; j++) {
            s0 += a[aOff + j] * b[bOff + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dotRows(float[] q, float[] data, int first, int count, int stride, int n, float[] out) {
        for (int r = 0; r < count; r++) {
            out[r] = dot(q, 0, data, (first + r) * stride, n);
        }
    }

    @Override
    public void dotIds(float[] q, int qOff, float[] data, int[] ids, int count, int stride, int n, float[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = dot(q, qOff, data, ids[i] * stride, n);
        }
    }

    @Override
    public void dotRows(byte[] q, byte[] codes, int first, int count, int stride, int n, int[] out) {
        for (int r = 0; r < count; r++) {
            out[r] = dot(q, 0, codes, (first + r) * stride, n);
        }
    }

    /** Any width serves the plain loops; 8 keeps the layout's padding small. */
    @Override
    public int panelWidth() {
        return 8;
    }

    @Override
    public void dotPanels(float[] qs, int q0, int qCount, int n, float[] panels, int width, int first, int count, float[] out) {
        int pw = panelWidth();
        for (int i = 0; i < qCount; i++) {
            int qo = (q0 + i) * n;
            for (int p = 0; p < count; p++) {
                int po = (first + p) * width * pw;
                for (int l = 0; l < pw; l++) {
                    float s = 0;
                    for (int j = 0; j < n; j++) {
                        s += qs[qo + j] * panels[po + j * pw + l];
                    }
                    out[(i * count + p) * pw + l] = s;
                }
            }
        }
    }

    @Override
    public int int8PanelRows() {
        return 8;
    }

    @Override
    public void dotPanelsInt8(byte[] q, int n, byte[] panels, int width, int first, int count, int[] out) {
        int rows = int8PanelRows();
        int w = width + (width & 1);
        for (int p = 0; p < count; p++) {
            int po = (first + p) * w * rows;
            for (int l = 0; l < rows; l++) {
                int s = 0;
                for (int j = 0; j < n; j++) {
                    s += q[j] * panels[po + (j / 2) * 2 * rows + 2 * l + (j & 1)];
                }
                out[p * rows + l] = s;
            }
        }
    }

    @Override
    public int firstAtLeast(float[] a, int from, int to, float t) {
        for (int i = from; i < to; i++) {
            if (a[i] >= t) {
                return i;
            }
        }
        return to;
    }
}
