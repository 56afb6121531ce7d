package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.distill4ads.retrieval.kernel.Kernels;
import org.distill4ads.retrieval.kernel.VectorKernel;

/**
 * Exact top-k by inner product: a scan of every row, split over the index's threads
 * ({@link ParallelScan}), through the {@link VectorKernel} (SIMD when it is on).
 *
 * <p>Both paths score a copy of the rows in the kernel's panel layout (16 rows interleaved column
 * by column on AVX-512: as much memory again as the store), made lazily on the first search and
 * rebuilt when rows have been added since: a panel's scores come out as one vector, with no sum
 * across lanes per row, which at d = 64 (256 bytes a row) is what kept the row-by-row scan from
 * streaming at the memory's speed. The single-query path allocates only k-slot {@link TopK}
 * heaps of packed longs and its result; the normalized query goes into a reused per-thread
 * buffer, scores into a reused chunk. A row's score is the same bit for bit on both paths.
 *
 * <p>Thread safety: single and batch searches may run from any number of threads at once, and
 * give the same results as one thread; rows added to the store (between searches, see
 * {@link EmbeddingStore}) are seen by the next search.
 */
public final class ExactIndex implements Index, AutoCloseable {
    /** Rows scored per kernel call of the single-query scan: 256 scores (1 KB) stay in L1 while the heap filters them. */
    static final int CHUNK = 256;
    /** Rows per batch block with 16-float panels: 512 rows (at d = 384, 768 KB) stay in L2 while every query passes over them. */
    static final int BLOCK = 512;
    static final int BLOCK_PANELS = BLOCK / 16;
    /** Queries per kernel call in a batch: the kernel's register tile is four queries tall. */
    static final int QUERY_GROUP = 4;

    private final EmbeddingStore store;
    private final ExecutorService pool;
    private final int threads;
    private final VectorKernel kernel;
    private final ThreadLocal<float[]> queryBuffer;
    private final ThreadLocal<float[]> chunkScores;
    private volatile Panels panels;

    public ExactIndex(EmbeddingStore store) {
        this(store, Runtime.getRuntime().availableProcessors());
    }

    public ExactIndex(EmbeddingStore store, int threads) {
        this(store, threads, Kernels.get());
    }

    /** With a given kernel: tests run the reference and the SIMD kernel side by side. */
    ExactIndex(EmbeddingStore store, int threads, VectorKernel kernel) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.store = store;
        this.threads = threads;
        this.kernel = kernel;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "exact-index");
            t.setDaemon(true);
            return t;
        });
        this.queryBuffer = ThreadLocal.withInitial(() -> new float[store.dim()]);
        this.chunkScores = ThreadLocal.withInitial(
                () -> new float[Math.max(CHUNK, QUERY_GROUP * BLOCK_PANELS * kernel.panelWidth())]);
    }

    @Override
    public List<Hit> search(float[] query, int k, int dim) {
        store.checkDim(dim);
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        float[] q = Queries.normalizePrefix(query, dim, queryBuffer.get());
        Panels p = panels();
        float[] scale = dim == store.dim() ? null : store.prefixScale(dim);
        return ParallelScan.topK(pool, threads, p.rows, k,
                (from, to, top) -> scanRange(q, dim, p, scale, from, to, top));
    }

    /**
     * Rows [from, to) of the panel copy, both rounded up to a whole panel (so that the parts of a
     * split scan stay disjoint and cover every row), CHUNK rows per kernel call.
     */
    private void scanRange(float[] q, int dim, Panels p, float[] scale, int from, int to, TopK top) {
        float[] scores = chunkScores.get();
        int pw = kernel.panelWidth();
        int first = (from + pw - 1) / pw;
        int last = (to + pw - 1) / pw;
        int chunk = Math.max(1, CHUNK / pw);
        for (int b = first; b < last; b += chunk) {
            int count = Math.min(chunk, last - b);
            int firstRow = b * pw;
            int width = Math.min(count * pw, p.rows - firstRow); // the last panel may be padding
            kernel.dotPanels(q, 0, 1, dim, p.data, p.width, b, count, scores);
            if (scale != null) {
                for (int r = 0; r < width; r++) {
                    scores[r] *= scale[firstRow + r];
                }
            }
            top.offerAll(kernel, scores, 0, width, firstRow);
        }
    }

    /**
     * A batch: the rows are copied once, lazily, into the kernel's panel layout (as much memory
     * again as the store; rebuilt when rows have been added since), and the queries pass over
     * blocks of 512 rows while they sit in L2: the kernel multiplies four queries by two panels at
     * a time in registers, as a GEMM would, and each query's heap filters the block's scores. The
     * rows are split over the index's threads, each with its own heaps, merged at the end. Each
     * score is the single-query path's, bit for bit (the same multiply-adds in the same order).
     */
    @Override
    public List<List<Hit>> search(float[][] queries, int k, int dim) {
        store.checkDim(dim);
        int nq = queries.length;
        if (nq == 0) {
            return List.of();
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        float[] qs = new float[nq * dim];
        for (int i = 0; i < nq; i++) {
            System.arraycopy(Queries.normalizePrefix(queries[i], dim), 0, qs, i * dim, dim);
        }
        Panels p = panels();
        int rows = p.rows;
        List<List<Hit>> result = new ArrayList<>(nq);
        if (rows == 0) {
            for (int i = 0; i < nq; i++) {
                result.add(List.of());
            }
            return result;
        }
        float[] scale = dim == store.dim() ? null : store.prefixScale(dim);
        int pw = kernel.panelWidth();
        int panelCount = (rows + pw - 1) / pw;
        int want = Math.min(k, rows);
        TopK[] merged = ParallelScan.topKs(pool, threads, panelCount, nq, want,
                (from, to, tops) -> scanPanels(qs, nq, dim, p, scale, from, to, tops));
        for (TopK t : merged) {
            result.add(t.drain());
        }
        return result;
    }

    private void scanPanels(float[] qs, int nq, int dim, Panels p, float[] scale, int from, int to, TopK[] tops) {
        float[] out = chunkScores.get();
        int pw = kernel.panelWidth();
        for (int b = from; b < to; b += BLOCK_PANELS) {
            int count = Math.min(BLOCK_PANELS, to - b);
            int firstRow = b * pw;
            int width = Math.min(count * pw, p.rows - firstRow); // the last panel may be padding
            for (int i = 0; i < nq; i += QUERY_GROUP) {
                int qc = Math.min(QUERY_GROUP, nq - i);
                kernel.dotPanels(qs, i, qc, dim, p.data, p.width, b, count, out);
                for (int t = 0; t < qc; t++) {
                    int off = t * count * pw;
                    if (scale != null) {
                        for (int r = 0; r < width; r++) {
                            out[off + r] *= scale[firstRow + r];
                        }
                    }
                    tops[i + t].offerAll(kernel, out, off, width, firstRow);
                }
            }
        }
    }

    /** The rows in the kernel's panel layout, and how many rows that copy holds. */
    private record Panels(float[] data, int width, int rows) {}

    private Panels panels() {
        Panels p = panels;
        if (p == null || p.rows != store.size()) {
            synchronized (this) {
                p = panels;
                if (p == null || p.rows != store.size()) {
                    p = toPanels();
                    panels = p;
                }
            }
        }
        return p;
    }

    private Panels toPanels() {
        int rows = store.size();
        int d = store.dim();
        int pw = kernel.panelWidth();
        int count = (rows + pw - 1) / pw;
        float[] data = store.data();
        float[] out = new float[Math.max(1, count) * d * pw];
        for (int r = 0; r < rows; r++) {
            int po = (r / pw) * d * pw + r % pw;
            int ro = r * d;
            for (int j = 0; j < d; j++) {
                out[po + j * pw] = data[ro + j];
            }
        }
        return new Panels(out, d, rows);
    }

    @Override
    public int size() {
        return store.size();
    }

    public int threads() {
        return threads;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        panels = null;
    }
}
