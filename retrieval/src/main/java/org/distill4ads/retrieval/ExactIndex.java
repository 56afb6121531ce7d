package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Exact top-k by inner product: a scan of every row.
 *
 * <p>The single-query path allocates only a k-slot {@link TopK} heap of packed longs and its
 * result; the normalized query goes into a reused per-thread buffer. Batches go through BLAS GEMM
 * in blocks (see {@link #search(float[][], int, int)}).
 *
 * <p>Thread safety: single and batch searches may run from any number of threads at once, and
 * give the same results as one thread; rows added to the store (between searches, see
 * {@link EmbeddingStore}) are seen by the next search.
 */
public final class ExactIndex implements Index, AutoCloseable {
    private final EmbeddingStore store;
    private final ExecutorService pool;
    private final int threads;
    private final ThreadLocal<float[]> queryBuffer;
    private volatile INDArray matrix;

    public ExactIndex(EmbeddingStore store) {
        this(store, Runtime.getRuntime().availableProcessors());
    }

    public ExactIndex(EmbeddingStore store, int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.store = store;
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "exact-index");
            t.setDaemon(true);
            return t;
        });
        this.queryBuffer = ThreadLocal.withInitial(() -> new float[store.dim()]);
    }

    @Override
    public List<Hit> search(float[] query, int k, int dim) {
        store.checkDim(dim);
        float[] q = Queries.normalizePrefix(query, dim, queryBuffer.get());
        TopK top = new TopK(Math.min(k, Math.max(1, store.size())));
        scan(q, dim, top);
        return store.size() == 0 ? List.of() : top.drain();
    }

    private void scan(float[] q, int dim, TopK top) {
        float[] data = store.data();
        float[] scale = store.prefixScale(dim);
        int stride = store.dim();
        int rows = store.size();
        for (int i = 0; i < rows; i++) {
            float s = dot(q, data, i * stride, dim) * scale[i];
            top.offer(s, i);
        }
    }

    /**
     * Dot product of q[0, n) with data[off, off + n). Four independent accumulators let the CPU
     * keep four multiply-adds in flight instead of waiting on one dependency chain; the JIT
     * vectorizes each lane; a scalar tail finishes the remainder.
     */
    static float dot(float[] q, float[] data, int off, int n) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            a0 += q[j] * data[off + j];
            a1 += q[j + 1] * data[off + j + 1];
            a2 += q[j + 2] * data[off + j + 2];
            a3 += q[j + 3] * data[off + j + 3];
        }
        for (; j < n; j++) {
            a0 += q[j] * data[off + j];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** Rows per GEMM block: a 256 x 8192 float score block (8 MB) is reused for every block. */
    static final int BLOCK = 8192;

    /**
     * A batch: the normalized queries [Q, d] times each block of rows [B, d] transposed, by BLAS
     * GEMM into one preallocated [Q, B] buffer, then per-query selection of the block's scores
     * into each query's heap (split over the pool's threads). The rows are mirrored once, lazily,
     * into an ND4J matrix (as much memory again as the store). Scores can differ from the
     * single-query path in the last bits (a different summation order).
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
        int rows = store.size();
        if (rows == 0) {
            List<List<Hit>> empty = new ArrayList<>();
            for (int i = 0; i < nq; i++) {
                empty.add(List.of());
            }
            return empty;
        }
        float[][] q = new float[nq][];
        for (int i = 0; i < nq; i++) {
            q[i] = Queries.normalizePrefix(queries[i], dim);
        }
        TopK[] tops = new TopK[nq];
        for (int i = 0; i < nq; i++) {
            tops[i] = new TopK(Math.min(k, rows));
        }
        INDArray all = matrix();
        if (all.rows() != rows) {
            throw new IllegalStateException("the store changed during the search (" + rows + " rows, then " + all.rows() + ")");
        }
        float[] scale = store.prefixScale(dim);
        int block = Math.min(BLOCK, rows);
        try (INDArray qm = Nd4j.createFromArray(q);
             INDArray buffer = Nd4j.createUninitialized(DataType.FLOAT, nq, block)) {
            float[] scores = new float[nq * block];
            for (int b = 0; b < rows; b += block) {
                int e = Math.min(rows, b + block);
                int width = e - b;
                INDArray rowsView = all.get(NDArrayIndex.interval(b, e), NDArrayIndex.interval(0, dim));
                INDArray out = width == block ? buffer : Nd4j.createUninitialized(DataType.FLOAT, nq, width);
                Nd4j.gemm(qm, rowsView, out, false, true, 1.0, 0.0);
                out.data().asNioFloat().get(scores, 0, nq * width);
                if (out != buffer) {
                    out.close();
                }
                select(scores, width, b, scale, tops);
            }
        }
        List<List<Hit>> result = new ArrayList<>(nq);
        for (TopK t : tops) {
            result.add(t.drain());
        }
        return result;
    }

    /** Offers a block's scores [Q, width] to each query's heap, queries split over the pool. */
    private void select(float[] scores, int width, int base, float[] scale, TopK[] tops) {
        int nq = tops.length;
        int parts = Math.min(threads, nq);
        List<Future<?>> futures = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int from = nq * p / parts;
            int to = nq * (p + 1) / parts;
            futures.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    TopK top = tops[i];
                    int off = i * width;
                    for (int r = 0; r < width; r++) {
                        top.offer(scores[off + r] * scale[base + r], base + r);
                    }
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The ND4J mirror of the rows, made again when rows were added since it was made. */
    private INDArray matrix() {
        INDArray m = matrix;
        if (m == null || m.rows() != store.size()) {
            synchronized (this) {
                if (matrix == null || matrix.rows() != store.size()) {
                    // an older mirror may still be in use by a concurrent search: ND4J's collector frees it
                    float[] rowsData = java.util.Arrays.copyOf(store.data(), store.size() * store.dim());
                    matrix = Nd4j.create(rowsData, new long[] {store.size(), store.dim()}, 'c');
                }
                m = matrix;
            }
        }
        return m;
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
        INDArray m = matrix;
        if (m != null) {
            m.close();
        }
    }
}
