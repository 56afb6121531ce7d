package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.List;
import org.distill4ads.retrieval.kernel.Kernels;
import org.distill4ads.retrieval.kernel.VectorKernel;

/**
 * Approximate top-k with our own HNSW graph ({@link HnswGraph}) over the store's rows at one
 * Matryoshka size, chosen at build time. The graph copies the rows (re-normalized at that size)
 * and scores them with the SIMD kernel when it is on. Built on one thread, it is the same graph
 * for the same store, settings and seed; on several threads it is as good but not reproducible
 * (insertion order varies). {@code efSearch} is a default that each query may override. Recall is
 * measured with {@link Recall#atK}, not assumed. Saved and loaded with {@link HnswFile}.
 *
 * <p>Searches take no locks and are safe from any number of threads (each thread keeps its own
 * visited marks and heaps). Rows added to the store after the build are not in the graph.
 */
public final class HnswIndex implements Index {
    private final HnswGraph graph;
    private final int efSearch;
    private final ThreadLocal<HnswGraph.Search> searches;

    /**
     * Builds on one thread (reproducible).
     *
     * @param dim        the prefix size the graph is built and searched at
     * @param maxConn    neighbours per node on the upper layers (M, e.g. 16; twice that on layer 0)
     * @param beamWidth  candidates considered while inserting (efConstruction, e.g. 200)
     * @param efSearch   default candidates kept while searching (at least k; larger is slower and more exact)
     */
    public HnswIndex(EmbeddingStore store, int dim, int maxConn, int beamWidth, int efSearch, long seed) {
        this(store, dim, maxConn, beamWidth, efSearch, seed, 1);
    }

    /** As above, inserting on {@code threads} threads. */
    public HnswIndex(EmbeddingStore store, int dim, int maxConn, int beamWidth, int efSearch, long seed, int threads) {
        this(build(store, dim, maxConn, beamWidth, seed, threads, Kernels.get()), efSearch);
    }

    HnswIndex(HnswGraph graph, int efSearch) {
        if (efSearch <= 0) {
            throw new IllegalArgumentException("efSearch must be positive, got " + efSearch);
        }
        this.graph = graph;
        this.efSearch = efSearch;
        this.searches = ThreadLocal.withInitial(() -> new HnswGraph.Search(graph));
    }

    static HnswGraph build(EmbeddingStore store, int dim, int maxConn, int beamWidth, long seed, int threads, VectorKernel kernel) {
        store.checkDim(dim);
        if (maxConn < 2 || beamWidth <= 0) {
            throw new IllegalArgumentException("maxConn must be at least 2 and beamWidth positive, got " + maxConn + ", " + beamWidth);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        HnswGraph g = new HnswGraph(vectors(store, dim), dim, maxConn, beamWidth,
                HnswGraph.drawLevels(store.size(), maxConn, seed), kernel);
        g.build(threads);
        return g;
    }

    /** The store's rows cut to {@code dim} and re-normalized, row-major. */
    static float[] vectors(EmbeddingStore store, int dim) {
        int n = store.size();
        int stride = store.dim();
        float[] data = store.data();
        float[] scale = store.prefixScale(dim);
        float[] v = new float[n * dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                v[i * dim + j] = data[i * stride + j] * scale[i];
            }
        }
        return v;
    }

    @Override
    public List<Hit> search(float[] query, int k, int dim) {
        return search(query, k, dim, efSearch);
    }

    /** The {@code k} best found keeping {@code efSearch} candidates (raised to {@code k} when smaller). */
    public List<Hit> search(float[] query, int k, int dim, int efSearch) {
        if (dim != graph.dim) {
            throw new IllegalArgumentException("this HNSW index was built at dimension " + graph.dim + ", not " + dim);
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        if (efSearch <= 0) {
            throw new IllegalArgumentException("efSearch must be positive, got " + efSearch);
        }
        if (graph.size == 0) {
            return List.of();
        }
        HnswGraph.Search s = searches.get();
        float[] q = Queries.normalizePrefix(query, dim);
        int ep = graph.entry;
        for (int l = graph.maxLevel; l > 0; l--) {
            ep = graph.greedy(q, 0, ep, l, s, false);
        }
        int ef = Math.max(k, efSearch);
        graph.searchLayer(q, 0, ep, ef, 0, s, false);
        long[] sorted = s.sorted(ef + 1);
        int n = s.results.drainDescending(sorted);
        List<Hit> hits = new ArrayList<>(Math.min(k, n));
        for (int i = 0; i < Math.min(k, n); i++) {
            hits.add(new Hit(TopK.id(sorted[i]), TopK.score(sorted[i])));
        }
        return hits;
    }

    /** Writes the graph (atomically, checksummed; see {@link HnswFile}); the vectors stay in the store. */
    public void save(java.nio.file.Path file) throws java.io.IOException {
        HnswFile.save(this, file);
    }

    /** Loads a graph saved by {@link #save} over the store it was built from (checked by a CRC of the rows). */
    public static HnswIndex load(java.nio.file.Path file, EmbeddingStore store) throws java.io.IOException {
        return HnswFile.load(file, store);
    }

    @Override
    public int size() {
        return graph.size;
    }

    public int dim() {
        return graph.dim;
    }

    public int efSearch() {
        return efSearch;
    }

    HnswGraph graph() {
        return graph;
    }
}
