package org.distill4ads.nn.kernel;

/** The reference {@link FloatMath}: plain loops, eight partial sums in {@code dot}. */
public final class ScalarFloatMath implements FloatMath {
    public static final ScalarFloatMath INSTANCE = new ScalarFloatMath();

    private ScalarFloatMath() {}

    @Override
    public void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    @Override
    public float dot(float[] x, int xo, float[] y, int yo, int n) {
        return Rows.dot(x, xo, y, yo, n);
    }

    @Override
    public void matmulAdd(float[] a, int ao, int m, int k, float[] b, int bo, int n, float[] c, int co) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                axpy(a[ao + i * k + p], b, bo + p * n, c, co + i * n, n);
            }
        }
    }

    @Override
    public float expShifted(float[] x, int xo, int n, float shift) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = FastMath.exp(x[xo + i] - shift);
            x[xo + i] = e;
            sum += e;
        }
        return sum;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xo + i]);
        }
        return m;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
