package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.nio.FloatBuffer;
import org.distill4ads.retrieval.kernel.Kernels;
import org.distill4ads.retrieval.kernel.VectorKernel;
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
 */
public final class ExactIndex implements Index, AutoCloseable {
    private final EmbeddingStore store;
    private final ExecutorService pool;
    private final int threads;
    private final ThreadLocal<float[]> queryBuffer;
    private final ThreadLocal<float[]> chunkScores = ThreadLocal.withInitial(() -> new float[Math.max(CHUNK, BLOCK)]);
    private final VectorKernel kernel;
    private volatile INDArray matrix;

    public ExactIndex(EmbeddingStore store) {
        this(store, Runtime.getRuntime().availableProcessors());
    }

    public ExactIndex(EmbeddingStore store, int threads) {
        this(store, threads, Kernels.get());
    }

    /** With a given kernel: tests run the reference and the SIMD kernel side by side. */
    ExactIndex(EmbeddingStore store, int threads, VectorKernel kernel) {
        this.kernel = kernel;
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
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        float[] q = Queries.normalizePrefix(query, dim, queryBuffer.get());
        float[] data = store.data();
        int stride = store.dim();
        float[] scale = dim == stride ? null : store.prefixScale(dim);
        return ParallelScan.topK(pool, threads, store.size(), k,
                (from, to, top) -> scanRange(q, data, stride, dim, scale, from, to, top));
    }

    /** Rows scored per kernel call: 256 scores (1 KB) stay in L1 while the heap filters them. */
    static final int CHUNK = 256;

    private void scanRange(float[] q, float[] data, int stride, int dim, float[] scale, int from, int to, TopK top) {
        float[] scores = chunkScores.get();
        for (int b = from; b < to; b += CHUNK) {
            int c = Math.min(CHUNK, to - b);
            kernel.dotRows(q, data, b, c, stride, dim, scores);
            if (scale != null) {
                for (int r = 0; r < c; r++) {
                    scores[r] *= scale[b + r];
                }
            }
            top.offerAll(kernel, scores, c, b);
        }
    }

    /** Rows per GEMM block: a 256 x 2048 float score block (2 MB, about one core's L2) is reused for every block. */
    static final int BLOCK = 2048;

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
        float[] scale = store.prefixScale(dim);
        INDArray all = matrix();
        int block = Math.min(BLOCK, rows);
        try (INDArray qm = Nd4j.createFromArray(q);
             INDArray buffer = Nd4j.createUninitialized(DataType.FLOAT, nq, block)) {
            for (int b = 0; b < rows; b += block) {
                int e = Math.min(rows, b + block);
                int width = e - b;
                INDArray rowsView = all.get(NDArrayIndex.interval(b, e), NDArrayIndex.interval(0, dim));
                INDArray out = width == block ? buffer : Nd4j.createUninitialized(DataType.FLOAT, nq, width);
                Nd4j.gemm(qm, rowsView, out, false, true, 1.0, 0.0);
                select(out.data().asNioFloat(), width, b, dim == store.dim() ? null : scale, tops);
                if (out != buffer) {
                    out.close();
                }
            }
        }
        List<List<Hit>> result = new ArrayList<>(nq);
        for (TopK t : tops) {
            result.add(t.drain());
        }
        return result;
    }

    /**
     * Offers a block's scores [Q, width] to each query's heap, queries split over the pool; each
     * thread copies one query's row of scores at a time out of the GEMM buffer (still in cache).
     */
    private void select(FloatBuffer scores, int width, int base, float[] scale, TopK[] tops) {
        int nq = tops.length;
        int parts = Math.min(threads, nq);
        List<Future<?>> futures = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int from = nq * p / parts;
            int to = nq * (p + 1) / parts;
            futures.add(pool.submit(() -> {
                float[] row = chunkScores.get();
                for (int i = from; i < to; i++) {
                    scores.get(i * width, row, 0, width);
                    if (scale != null) {
                        for (int r = 0; r < width; r++) {
                            row[r] *= scale[base + r];
                        }
                    }
                    tops[i].offerAll(kernel, row, width, base);
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

    private INDArray matrix() {
        INDArray m = matrix;
        if (m == null) {
            synchronized (this) {
                if (matrix == null) {
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
