package org.distill4ads.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Approximate top-k with Lucene 9.12's HNSW graph (Malkov and Yashunin, 2018) over the store's
 * rows at one Matryoshka size, chosen at build time. Graph construction is single-threaded and
 * seeded, so the same store and settings give the same graph. Its recall is measured with
 * {@link Recall#atK}, not assumed.
 *
 * <p>Lucene's graph keeps a read cursor, so queries are serialized: the index is safe to share
 * between threads but does not search in parallel. Rows added to the store after the build are
 * not in the graph.
 */
public final class HnswIndex implements Index {
    private final int dim;
    private final int efSearch;
    private final RandomAccessVectorValues.Floats vectors;
    private final OnHeapHnswGraph graph;

    /**
     * @param dim        the prefix size the graph is built and searched at
     * @param maxConn    neighbours per node (Lucene's M, e.g. 16)
     * @param beamWidth  candidates considered while inserting (efConstruction, e.g. 100)
     * @param efSearch   candidates kept while searching (at least k; larger is slower and more exact)
     */
    public HnswIndex(EmbeddingStore store, int dim, int maxConn, int beamWidth, int efSearch, long seed) {
        store.checkDim(dim);
        if (maxConn <= 0 || beamWidth <= 0 || efSearch <= 0) {
            throw new IllegalArgumentException("maxConn, beamWidth and efSearch must be positive, got "
                    + maxConn + ", " + beamWidth + ", " + efSearch);
        }
        this.dim = dim;
        this.efSearch = efSearch;
        float[] scale = store.prefixScale(dim);
        List<float[]> rows = new ArrayList<>(store.size());
        float[] data = store.data();
        for (int i = 0; i < store.size(); i++) {
            float[] v = Arrays.copyOfRange(data, i * store.dim(), i * store.dim() + dim);
            for (int j = 0; j < dim; j++) {
                v[j] *= scale[i];
            }
            rows.add(v);
        }
        this.vectors = RandomAccessVectorValues.fromFloats(rows, dim);
        try {
            RandomVectorScorerSupplier supplier = DefaultFlatVectorScorer.INSTANCE
                    .getRandomVectorScorerSupplier(VectorSimilarityFunction.DOT_PRODUCT, vectors);
            this.graph = HnswGraphBuilder.create(supplier, maxConn, beamWidth, seed).build(rows.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized List<Hit> search(float[] query, int k, int dim) {
        if (dim != this.dim) {
            throw new IllegalArgumentException("this HNSW index was built at dimension " + this.dim + ", not " + dim);
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        float[] q = Queries.normalizePrefix(query, dim);
        try {
            RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE
                    .getRandomVectorScorer(VectorSimilarityFunction.DOT_PRODUCT, vectors, q);
            KnnCollector c = HnswGraphSearcher.search(scorer, Math.max(k, efSearch), graph, null, Integer.MAX_VALUE);
            ScoreDoc[] docs = c.topDocs().scoreDocs;
            List<Hit> hits = new ArrayList<>(docs.length);
            for (ScoreDoc d : docs) {
                hits.add(new Hit(d.doc, 2f * d.score - 1f)); // Lucene's dot-product score is (1 + dot) / 2
            }
            hits.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score()) : Integer.compare(a.id(), b.id()));
            return List.copyOf(hits.subList(0, Math.min(k, hits.size())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int size() {
        return vectors.size();
    }

    public int dim() {
        return dim;
    }
}
