package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exact top-k by inner product: a scan of every row.
 *
 * <p>The single-query path allocates only a k-slot {@link TopK} heap of packed longs and its
 * result; the normalized query goes into a reused per-thread buffer. Batches are spread over a fixed pool
 * of threads, one query at a time per thread (each query's scan streams the whole store through
 * the cache; rows are read sequentially).
 */
public final class ExactIndex implements Index, AutoCloseable {
    private final EmbeddingStore store;
    private final ExecutorService pool;
    private final int threads;
    private final ThreadLocal<float[]> queryBuffer;

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
        if (query.length < dim) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, fewer than the requested " + dim);
        }
        float[] q = queryBuffer.get();
        double n = 0;
        for (int j = 0; j < dim; j++) {
            n += (double) query[j] * query[j];
        }
        if (!(n > 0) || Double.isInfinite(n)) {
            throw new IllegalArgumentException("query norm must be finite and non-zero, got " + Math.sqrt(n));
        }
        float inv = (float) (1.0 / Math.sqrt(n));
        for (int j = 0; j < dim; j++) {
            q[j] = query[j] * inv;
        }
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

    @Override
    public List<List<Hit>> search(float[][] queries, int k, int dim) {
        List<Future<List<Hit>>> futures = new ArrayList<>(queries.length);
        for (float[] q : queries) {
            futures.add(pool.submit(() -> search(q, k, dim)));
        }
        List<List<Hit>> out = new ArrayList<>(queries.length);
        try {
            for (Future<List<Hit>> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
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
    }
}
