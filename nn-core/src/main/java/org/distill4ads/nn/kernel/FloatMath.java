package org.distill4ads.nn.kernel;

/**
 * The short-vector primitives of the kernels' inner loops, whose lengths (a head size, a sequence
 * length: 16 to 128) are too short for the JIT's auto-vectorizer. Two implementations:
 * {@link ScalarFloatMath}, the plain reference, and a SIMD one on JDK's incubating Vector API,
 * chosen once per JVM by {@link FloatMaths}.
 */
public interface FloatMath {
    /** y[yo + i] += a * x[xo + i] for {@code i < n}. */
    void axpy(float a, float[] x, int xo, float[] y, int yo, int n);

    /** Sum of x[xo + i] * y[yo + i] for {@code i < n}. */
    float dot(float[] x, int xo, float[] y, int yo, int n);

    /**
     * c += a b for row-major blocks: a is m x k at {@code ao} (row stride k), b is k x n at
     * {@code bo} (row stride n), c is m x n at {@code co} (row stride n). The small products of
     * attention (a sequence by a head) that a GEMM call would spend more on than on the work.
     */
    void matmulAdd(float[] a, int ao, int m, int k, float[] b, int bo, int n, float[] c, int co);

    /** x[xo + i] = exp(x[xo + i] - shift) for {@code i < n}; returns their sum. */
    float expShifted(float[] x, int xo, int n, float shift);

    /**
     * The largest of x[xo + i] for {@code i < n} as {@link Math#max} finds it (NaN if any is NaN,
     * +0 above -0), -infinity for none: the same value in any order.
     */
    float max(float[] x, int xo, int n);

    /** A short name for logs and benchmarks. */
    String name();
}
