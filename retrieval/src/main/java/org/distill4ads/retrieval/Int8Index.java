package org.distill4ads.retrieval;

import java.util.List;
import org.distill4ads.retrieval.kernel.Kernels;
import org.distill4ads.retrieval.kernel.VectorKernel;

/**
 * Top-k over int8 scalar-quantized rows with a float re-rank: a quarter of the float store's bytes
 * are scanned, then the best {@code rerank · k} candidates are re-scored exactly from the float
 * rows, so results carry exact scores and almost always exact order.
 *
 * <p>Each row is quantized with its own scale, {@code s = max |x| / 127}, {@code q = round(x / s)};
 * the query likewise. The codes are stored in the kernel's int8 panel layout (16 rows side by side,
 * two columns at a time), so the scan accumulates {@code q_query · q_row} in one int lane per row
 * with no sum across lanes (the SIMD kernel widens bytes to shorts, multiplies, and adds each
 * row's two products into its int lane), then multiplies by the
 * row's scale and prefix factor (see {@link EmbeddingStore}); it is split over the cores as the
 * float scan is.
 *
 * <p>Thread safety: immutable after construction, so any number of threads may search at once with
 * the results of one thread. The rows are quantized when it is built: rows added to the store
 * later are not searched; build a new index.
 */
public final class Int8Index implements Index {
    private final EmbeddingStore store;
    private final byte[] codes;
    private final float[] scales;
    private final int rerank;
    private final int threads;
    private final VectorKernel kernel;
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    /** {@code rerank}: how many candidates per requested result are re-scored in float (e.g. 4). */
    public Int8Index(EmbeddingStore store, int rerank) {
        this(store, rerank, Runtime.getRuntime().availableProcessors(), Kernels.get());
    }

    /**
     * {@code threads}: how many parts one query's scan is split into (on a shared pool of daemon
     * threads); {@code kernel}: the arithmetic (tests compare the reference and the SIMD kernel).
     */
    Int8Index(EmbeddingStore store, int rerank, int threads, VectorKernel kernel) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.threads = threads;
        this.kernel = kernel;
        if (rerank < 1) {
            throw new IllegalArgumentException("re-rank factor must be at least 1, got " + rerank);
        }
        this.store = store;
        this.rerank = rerank;
        int n = store.size();
        int d = store.dim();
        int rows = kernel.int8PanelRows();
        int w = d + (d & 1);
        this.codes = new byte[Math.max(1, (n + rows - 1) / rows) * w * rows];
        this.scales = new float[n];
        float[] data = store.data();
        byte[] row = new byte[d];
        for (int i = 0; i < n; i++) {
            scales[i] = quantize(data, i * d, d, row, 0);
            int po = (i / rows) * w * rows + 2 * (i % rows);
            for (int j = 0; j < d; j++) {
                codes[po + (j / 2) * 2 * rows + (j & 1)] = row[j];
            }
        }
    }

    static float quantize(float[] src, int off, int n, byte[] dst, int dstOff) {
        float max = 0;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, Math.abs(src[off + j]));
        }
        float scale = max == 0 ? 1f : max / 127f;
        for (int j = 0; j < n; j++) {
            dst[dstOff + j] = (byte) Math.round(src[off + j] / scale);
        }
        return scale;
    }

    @Override
    public List<Hit> search(float[] query, int k, int dim) {
        store.checkDim(dim);
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        float[] fq = Queries.normalizePrefix(query, dim);
        byte[] q = new byte[dim];
        quantize(fq, 0, dim, q, 0); // the query's own scale is common to every row: the order does not need it
        float[] prefix = dim == store.dim() ? null : store.prefixScale(dim);
        int n = store.size();
        int want = (int) Math.min(n, Math.max(k, (long) k * rerank));
        List<Hit> candidates = ParallelScan.topK(ParallelScan.shared(), threads, n, want,
                (from, to, top) -> scanRange(q, dim, prefix, from, to, top));
        // exact float re-score of the candidates
        TopK best = new TopK(Math.max(1, Math.min(k, n)));
        float[] data = store.data();
        int stride = store.dim();
        for (Hit h : candidates) {
            float s = kernel.dot(fq, 0, data, h.id() * stride, dim);
            best.offer(prefix == null ? s : s * prefix[h.id()], h.id());
        }
        return n == 0 ? List.of() : best.drain();
    }

    /** The query's own scale is left out: a positive factor common to every row does not change the order. */
    /** Scores rows [from, to) panel by panel (a range may start or end inside a panel). */
    private void scanRange(byte[] q, int dim, float[] prefix, int from, int to, TopK top) {
        Buffers b = buffers.get();
        int rows = kernel.int8PanelRows();
        int perCall = CHUNK / rows;
        int end = (to + rows - 1) / rows;
        for (int p = from / rows; p < end; p += perCall) {
            int count = Math.min(perCall, end - p);
            kernel.dotPanelsInt8(q, dim, codes, store.dim(), p, count, b.dots);
            int r0 = p * rows;
            int lo = Math.max(from, r0);
            int hi = Math.min(to, r0 + count * rows);
            for (int r = lo; r < hi; r++) {
                float s = b.dots[r - r0] * scales[r];
                b.scores[r - lo] = prefix == null ? s : s * prefix[r];
            }
            top.offerAll(kernel, b.scores, 0, hi - lo, lo);
        }
    }

    /** Rows per kernel call: 2,048 int scores and their floats (16 KB) stay in L1/L2. */
    static final int CHUNK = 2048;

    private static final class Buffers {
        final int[] dots = new int[CHUNK];
        final float[] scores = new float[CHUNK];
    }

    @Override
    public int size() {
        return store.size();
    }
}
