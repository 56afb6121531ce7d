package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.distill4ads.transformer.PairScorer;

/**
 * The second half of recommending, after retrieval: drop duplicates (keeping the best-scored
 * representative of each {@link Deduplicator} key), score the survivors with the relevance filter
 * in one batch, drop those below the threshold, and keep the best {@code k} in retrieval order.
 * {@link KeyphraseRecommender} uses it on nearest-neighbour hits; any other retriever (BM25, a
 * click log) can use it on its own candidates, so every system is judged after the same steps.
 *
 * <p>A score that is not a number in [0, 1] (a NaN from a broken model would otherwise pass no
 * test and keep every candidate) is refused with an {@link IllegalStateException} naming the pair.
 *
 * <p>Thread safety: immutable; safe to share when the filter ({@link PairScorer}) is. Calls into
 * the filter are made under the filter object's lock, so one model is never run by two threads at once.
 */
public final class CandidateFilter {
    private final IntFunction<String> texts;
    private final PairScorer filter;
    private final Deduplicator dedup;
    private final int k;
    private final float threshold;

    /**
     * @param texts     keyphrase text of a hit id
     * @param filter    relevance filter, or null for none
     * @param threshold minimum relevance probability (ignored without a filter)
     */
    public CandidateFilter(IntFunction<String> texts, PairScorer filter, Deduplicator dedup, int k, float threshold) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be a probability in [0, 1], got " + threshold);
        }
        this.texts = texts;
        this.filter = filter;
        this.dedup = dedup;
        this.k = k;
        this.threshold = threshold;
    }

    private float[] score(List<String> firsts, List<String> seconds) {
        float[] r;
        synchronized (filter) {
            r = filter.score(firsts, seconds);
        }
        if (r.length != firsts.size()) {
            throw new IllegalStateException("the relevance filter returned " + r.length + " scores for " + firsts.size() + " pairs");
        }
        for (int i = 0; i < r.length; i++) {
            if (!(r[i] >= 0 && r[i] <= 1)) {
                throw new IllegalStateException("the relevance filter scored (" + firsts.get(i) + ", " + seconds.get(i) + ") "
                        + r[i] + ", expected a probability in [0, 1]; is the model broken (NaN weights)?");
            }
        }
        return r;
    }

    /** One recommendation per item from its candidates ({@code hits.get(i)}, best first). */
    public List<Recommendation> apply(List<String> items, List<List<Hit>> hits) {
        if (items.size() != hits.size()) {
            throw new IllegalArgumentException(items.size() + " items but " + hits.size() + " candidate lists");
        }
        List<String> firsts = new ArrayList<>();
        List<String> seconds = new ArrayList<>();
        List<List<Hit>> unique = new ArrayList<>();
        List<List<Recommendation.Dropped>> droppedPerItem = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, String> representative = new HashMap<>();
            List<Hit> keep = new ArrayList<>();
            List<Recommendation.Dropped> dropped = new ArrayList<>();
            for (Hit h : hits.get(i)) {   // best first, so the first of a key is its best
                String text = texts.apply(h.id());
                String rep = representative.putIfAbsent(dedup.key(text), text);
                if (rep != null) {
                    dropped.add(new Recommendation.Dropped(text, Recommendation.Reason.DUPLICATE, rep, h.score(), Float.NaN));
                } else {
                    keep.add(h);
                    firsts.add(items.get(i));
                    seconds.add(text);
                }
            }
            unique.add(keep);
            droppedPerItem.add(dropped);
        }
        float[] relevance = filter == null || firsts.isEmpty() ? null : score(firsts, seconds);
        List<Recommendation> out = new ArrayList<>(items.size());
        int pos = 0;
        for (int i = 0; i < items.size(); i++) {
            List<Recommendation.Scored> kept = new ArrayList<>();
            List<Recommendation.Dropped> dropped = droppedPerItem.get(i);
            for (Hit h : unique.get(i)) {
                String text = texts.apply(h.id());
                float r = relevance == null ? Float.NaN : relevance[pos];
                pos++;
                if (relevance != null && r < threshold) {
                    dropped.add(new Recommendation.Dropped(text, Recommendation.Reason.FILTERED, null, h.score(), r));
                } else if (kept.size() < k) {
                    kept.add(new Recommendation.Scored(text, h.score(), r));
                }
            }
            out.add(new Recommendation(items.get(i), Collections.unmodifiableList(kept), Collections.unmodifiableList(dropped)));
        }
        return out;
    }
}
