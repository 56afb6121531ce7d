package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.distill4ads.transformer.PairScorer;
import org.distill4ads.transformer.TextEmbedder;

/**
 * Recommends keyphrases for an item: embed the item text at a Matryoshka size, retrieve the top
 * {@code candidates} keyphrases from the index, drop duplicates (keeping the best-scored
 * representative of each {@link Deduplicator} key), score the survivors with the relevance filter
 * in one batch and drop those below the threshold, and keep the best {@code k} by similarity.
 *
 * <p>Thread safety: safe to share; concurrent calls give the results of sequential ones. The
 * models need not be thread-safe: each call into the embedder or the filter holds that object's
 * lock (so models shared with other code should be called under the same lock), while searches
 * run in parallel. A store that records the model that embedded it is checked against the
 * embedder at construction.
 */
public final class KeyphraseRecommender {
    private final TextEmbedder embedder;
    private final Index index;
    private final EmbeddingStore store;
    private final PairScorer filter;
    private final Deduplicator dedup;
    private final Settings settings;
    private final CandidateFilter post;

    /**
     * @param dim        Matryoshka size for the item embedding and the search
     * @param candidates how many keyphrases to retrieve before de-duplication and filtering
     * @param k          how many to return
     * @param threshold  minimum relevance probability; ignored without a filter
     */
    public record Settings(int dim, int candidates, int k, float threshold) {
        public Settings {
            if (dim <= 0 || candidates <= 0 || k <= 0 || k > candidates) {
                throw new IllegalArgumentException("need dim > 0 and 0 < k <= candidates, got dim=" + dim
                        + " candidates=" + candidates + " k=" + k);
            }
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be a probability in [0, 1], got " + threshold);
            }
        }
    }

    /** {@code filter} may be null (no relevance filtering). */
    public KeyphraseRecommender(TextEmbedder embedder, Index index, EmbeddingStore store, PairScorer filter,
                                Deduplicator dedup, Settings settings) {
        if (settings.dim() > embedder.dimension()) {
            throw new IllegalArgumentException("dim " + settings.dim() + " exceeds the embedder's width " + embedder.dimension());
        }
        if (store.model() != null) {
            store.checkEmbedder(embedder, "the embedder");
        }
        this.embedder = embedder;
        this.index = index;
        this.store = store;
        this.filter = filter;
        this.dedup = dedup;
        this.settings = settings;
        this.post = new CandidateFilter(store::text, filter, dedup, settings.k(), settings.threshold());
    }

    public Recommendation recommend(String item) {
        return recommendAll(List.of(item)).get(0);
    }

    /** Recommendations for several items, embedding and filtering in batches. */
    public List<Recommendation> recommendAll(List<String> items) {
        float[][] q;
        synchronized (embedder) {   // a model runs one batch at a time; the index searches in parallel
            q = embedder.embed(items, settings.dim());
        }
        for (int i = 0; i < q.length; i++) {
            for (float x : q[i]) {
                if (!Float.isFinite(x)) {
                    throw new IllegalStateException("the embedder returned a non-finite embedding (" + x + ") for item '"
                            + items.get(i) + "'; is the model broken (NaN weights)?");
                }
            }
        }
        List<List<Hit>> hits = index.search(q, settings.candidates(), settings.dim());
        return post.apply(items, hits);
    }

    /** Streams a catalog through in batches: items in, one recommendation per item out, progress as items done. */
    public void recommendCatalog(Iterator<String> items, int batchSize, Consumer<Recommendation> out, LongConsumer progress) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        List<String> batch = new ArrayList<>(batchSize);
        long done = 0;
        while (items.hasNext()) {
            batch.add(items.next());
            if (batch.size() == batchSize || !items.hasNext()) {
                recommendAll(batch).forEach(out);
                done += batch.size();
                progress.accept(done);
                batch.clear();
            }
        }
    }

    /**
     * The highest threshold that still keeps at least {@code share} of the positive pairs: with the
     * positives' scores sorted ascending, the score at index ⌊(1 − share)·n⌋. Every positive scoring
     * at or above it passes ({@code score >= threshold}).
     */
    public static float calibrateThreshold(float[] scores, boolean[] positive, double share) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        }
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share of positives to keep must be in (0, 1], got " + share);
        }
        float[] pos = new float[scores.length];
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positive[i]) {
                pos[n++] = scores[i];
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no positive pairs to calibrate on");
        }
        float[] sorted = Arrays.copyOf(pos, n);
        Arrays.sort(sorted);
        int idx = (int) Math.floor((1 - share) * n + 1e-9);
        return sorted[Math.min(idx, n - 1)];
    }
}
