package org.distill4ads.retrieval.kernel;

/**
 * The arithmetic of every scan and graph search in the retrieval module, behind one interface so
 * that a plain Java reference ({@link ScalarKernel}) and a SIMD implementation on the incubating
 * Vector API ({@code PanamaKernel}) are interchangeable and tested against each other. Get the
 * one to use from {@link Kernels#get()}.
 *
 * <p>Offsets are element indexes into the arrays; rows of a row-major matrix start at
 * {@code row * stride}. Implementations hold no state a caller can see (at most a per-thread
 * cache of a prepared query) and are safe for concurrent use.
 */
public interface VectorKernel {
    /** A short name for logs and benchmark output ("scalar", "panama-512"). */
    String name();

    /** Σ a[aOff + j] · b[bOff + j] over j in [0, n). */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** Σ a[aOff + j] · b[bOff + j] over j in [0, n), exact in int (for |a|, |b| ≤ 127 and n ≤ 2^17). */
    int dot(byte[] a, int aOff, byte[] b, int bOff, int n);

    /** out[r] = dot(q[0, n), data[(first + r) · stride, + n)) for r in [0, count). */
    void dotRows(float[] q, float[] data, int first, int count, int stride, int n, float[] out);

    /**
     * out[i] = dot(q[qOff, + n), data[ids[i] · stride, + n)) for i in [0, count): the rows a graph
     * search reaches, scored together so that they share the query's loads and lane sums.
     */
    void dotIds(float[] q, int qOff, float[] data, int[] ids, int count, int stride, int n, float[] out);

    /** out[r] = dot(q[0, n), codes[(first + r) · stride, + n)) for r in [0, count), in int. */
    void dotRows(byte[] q, byte[] codes, int first, int count, int stride, int n, int[] out);

    /** Rows per panel of the batch layout {@link #dotPanels} reads (the SIMD width in floats). */
    int panelWidth();

    /**
     * Scores of several queries against rows in the panel layout, the batch path's GEMM without
     * BLAS: panel {@code p} holds rows [p·P, p·P + P) (P = {@link #panelWidth()}) of a matrix of
     * row width D interleaved, element (row p·P + l, column j) at {@code panels[p·D·P + j·P + l]}.
     * Writes {@code out[i·count·P + (p - first)·P + l]} = dot(qs[(q0 + i)·n, + n), row p·P + l) for
     * query i in [0, qCount) and panel p in [first, first + count), over the first n ≤ D columns.
     */
    void dotPanels(float[] qs, int q0, int qCount, int n, float[] panels, int width, int first, int count, float[] out);

    /** Rows per panel of the int8 panel layout {@link #dotPanelsInt8} reads. */
    int int8PanelRows();

    /**
     * int8 scores of one query against rows in the int8 panel layout: panel {@code p} holds rows
     * [p·R, p·R + R) (R = {@link #int8PanelRows()}) in column pairs, element (row p·R + l, column j)
     * at {@code panels[p·W·R + (j / 2)·2R + 2l + j % 2]}, W the row width rounded up to even.
     * Writes {@code out[(p - first)·R + l]} = Σ over {@code j < n} of q[j] · element, exact in int.
     */
    void dotPanelsInt8(byte[] q, int n, byte[] panels, int width, int first, int count, int[] out);

    /** The first index i in [from, to) with a[i] ≥ t, or {@code to} when there is none. */
    int firstAtLeast(float[] a, int from, int to, float t);
}
