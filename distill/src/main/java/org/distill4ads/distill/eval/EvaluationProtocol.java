package org.distill4ads.distill.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.distill4ads.distill.data.ClickRecord;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.judge.JudgePair;
import org.distill4ads.retrieval.CandidateFilter;
import org.distill4ads.retrieval.Deduplicator;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.retrieval.ExactIndex;
import org.distill4ads.retrieval.Hit;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;
import org.distill4ads.transformer.PairScorer;
import org.distill4ads.transformer.TextEmbedder;

/**
 * The paper's evaluation protocol on held-out items: retrieve the top {@code candidates}
 * keyphrases, de-duplicate, filter with the relevance model at its threshold, keep the best
 * {@code k}, then judge the survivors. Every system — each student at each Matryoshka size and
 * the BM25 baseline — goes through the same steps, the same filter and the same judge.
 */
public final class EvaluationProtocol {
    /** Items timed one at a time for the latency figures. */
    private static final int TIMED_ITEMS = 100;

    private final List<Item> items;
    private final List<String> keyphrases;
    private final Set<String> clickedPairs;
    private final Truth truth;
    private final Judge judge;
    private final PairScorer filter;
    private final float threshold;
    private final int candidates;
    private final int k;
    private final Deduplicator dedup = Deduplicator.standard();

    /**
     * @param items      held-out items
     * @param keyphrases the pool recommended from
     * @param clicks     the whole click log (novelty asks whether a pair ever earned a click)
     * @param truth      graded truth, or null when unknown
     * @param judge      judges the kept recommendations
     * @param filter     the relevance filter (the cross-encoder), or null for none
     * @param threshold  the filter's threshold
     */
    public EvaluationProtocol(List<Item> items, List<Keyphrase> keyphrases, List<ClickRecord> clicks, Truth truth,
                              Judge judge, PairScorer filter, float threshold, int candidates, int k) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no held-out items to evaluate");
        }
        if (k < 1 || candidates < k) {
            throw new IllegalArgumentException("need 1 <= k <= candidates, got k " + k + ", candidates " + candidates);
        }
        this.items = List.copyOf(items);
        this.keyphrases = keyphrases.stream().map(Keyphrase::text).toList();
        this.clickedPairs = NoveltyMetrics.clickedPairs(clicks);
        this.truth = truth;
        this.judge = judge;
        this.filter = filter;
        this.threshold = threshold;
        this.candidates = candidates;
        this.k = k;
    }

    /** What an evaluated system recommended, with its figures. */
    public record Outcome(SystemMetrics metrics, SystemItems perItem, List<Recommendation> recommendations) {
    }

    /** Keyphrase embeddings of a student at its full width (searched at any Matryoshka prefix). */
    public EmbeddingStore embedKeyphrases(TextEmbedder keyphraseSide) {
        return index(keyphraseSide, keyphrases);
    }

    /**
     * The keyphrase index: {@code texts} embedded at the full width by {@code keyphraseSide}, in
     * batches of {@link Batches#ENCODE}; every Matryoshka prefix is searched in the same store.
     */
    public static EmbeddingStore index(TextEmbedder keyphraseSide, List<String> texts) {
        float[][] rows = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += Batches.ENCODE) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + Batches.ENCODE));
            float[][] e = keyphraseSide.embed(batch, keyphraseSide.dimension());
            System.arraycopy(e, 0, rows, from, e.length);
        }
        return EmbeddingStore.of(texts, rows, keyphraseSide.fingerprint());
    }

    /**
     * A student at Matryoshka size {@code dim}, searching {@code store} (from {@link #embedKeyphrases}).
     * {@code itemSide} embeds the items for the figures (it may be a {@link CachingEmbedder});
     * {@code timed} is the bare model, timed one item at a time for the latency figures.
     */
    public Outcome student(String system, String label, TextEmbedder itemSide, TextEmbedder timed, EmbeddingStore store,
                           int dim) throws IOException {
        try (ExactIndex index = new ExactIndex(store, 1)) {
            KeyphraseRecommender recommender = new KeyphraseRecommender(itemSide, index, store, filter, dedup,
                    new KeyphraseRecommender.Settings(dim, candidates, k, threshold));
            List<Recommendation> recs = new ArrayList<>();
            for (int from = 0; from < items.size(); from += Batches.RECOMMEND) {
                recs.addAll(recommender.recommendAll(texts(items.subList(from, Math.min(items.size(), from + Batches.RECOMMEND)))));
            }
            double[] latency = new double[Math.min(TIMED_ITEMS, items.size())];
            for (int i = 0; i < latency.length; i++) {
                long t0 = System.nanoTime();
                float[][] q = timed.embed(List.of(items.get(i).text()), dim);
                index.search(q[0], candidates, dim);
                latency[i] = (System.nanoTime() - t0) / 1e6;
            }
            return score(system, label, dim, recs, latency);
        }
    }

    /** The lexical baseline: BM25 over the keyphrases with the item title as the query, then the same steps. */
    public Outcome bm25(Bm25Index bm25) throws IOException {
        CandidateFilter post = new CandidateFilter(keyphrases::get, filter, dedup, k, threshold);
        List<List<Hit>> hits = new ArrayList<>();
        for (Item item : items) {
            hits.add(bm25Hits(bm25, item));
        }
        List<Recommendation> recs = post.apply(texts(items), hits);
        double[] latency = new double[Math.min(TIMED_ITEMS, items.size())];
        for (int i = 0; i < latency.length; i++) {
            long t0 = System.nanoTime();
            bm25Hits(bm25, items.get(i));
            latency[i] = (System.nanoTime() - t0) / 1e6;
        }
        return score("bm25", "BM25 over keyphrases (lexical baseline)", 0, recs, latency);
    }

    private List<Hit> bm25Hits(Bm25Index bm25, Item item) {
        List<Hit> h = new ArrayList<>();
        for (Bm25Index.Hit hit : bm25.search(item.title(), candidates)) {
            h.add(new Hit(hit.doc(), (float) hit.score()));
        }
        return h;
    }

    /** Judges the kept recommendations, then each metric family accumulates item by item. */
    private Outcome score(String system, String label, int dim, List<Recommendation> recs, double[] latency)
            throws IOException {
        List<JudgePair> asked = new ArrayList<>();
        for (int i = 0; i < recs.size(); i++) {
            for (Recommendation.Scored s : recs.get(i).kept()) {
                asked.add(new JudgePair(items.get(i), s.keyphrase()));
            }
        }
        List<Judgment> judged = judge.judge(asked);
        TruthMetrics quality = new TruthMetrics(truth, k);
        FunnelMetrics funnel = new FunnelMetrics();
        NoveltyMetrics novelty = new NoveltyMetrics(clickedPairs);
        ItemValues judgedPrecision = new ItemValues();
        int cursor = 0;
        for (int i = 0; i < recs.size(); i++) {
            Item item = items.get(i);
            Recommendation r = recs.get(i);
            funnel.add(r);
            int n = r.kept().size();
            int[] binary = new int[n];
            int[] graded = new int[n];
            int judgedRelevant = 0;
            for (int j = 0; j < n; j++) {
                String kp = r.kept().get(j).keyphrase();
                boolean byJudge = judged.get(cursor + j).relevant();
                judgedRelevant += byJudge ? 1 : 0;
                boolean relevant = truth != null ? truth.relevant(item.id(), kp) : byJudge;
                graded[j] = truth != null ? truth.grade(item.id(), kp) : (relevant ? 2 : 0);
                binary[j] = relevant ? 1 : 0;
                if (relevant) {
                    novelty.relevant(item.id(), kp);
                }
            }
            cursor += n;
            novelty.endItem();
            judgedPrecision.ratio(judgedRelevant, n);
            quality.add(item.id(), binary, graded);
        }
        Map<ItemMetric, PerItem> perItem = new EnumMap<>(ItemMetric.class);
        perItem.put(ItemMetric.TRUE_PRECISION, quality.precision());
        perItem.put(ItemMetric.RECALL, quality.recall());
        perItem.put(ItemMetric.NDCG, quality.ndcg());
        perItem.put(ItemMetric.NOVELTY, novelty.novelty());
        perItem.put(ItemMetric.JUDGED_PRECISION, judgedPrecision.freeze());
        perItem.put(ItemMetric.COVERAGE, funnel.coverage());
        perItem.put(ItemMetric.KEPT_PER_ITEM, funnel.keptPerItem());
        perItem.put(ItemMetric.DEDUP_RATE, funnel.dedupRate());
        perItem.put(ItemMetric.FILTER_PASS_RATE, funnel.filterPassRate());
        Latency time = Latency.of(latency);
        SystemMetrics metrics = new SystemMetrics(system, label, dim, items.size(),
                perItem.get(ItemMetric.JUDGED_PRECISION).value(), perItem.get(ItemMetric.TRUE_PRECISION).value(),
                perItem.get(ItemMetric.RECALL).value(), perItem.get(ItemMetric.NDCG).value(),
                perItem.get(ItemMetric.COVERAGE).value(), perItem.get(ItemMetric.NOVELTY).value(),
                perItem.get(ItemMetric.DEDUP_RATE).value(), perItem.get(ItemMetric.FILTER_PASS_RATE).value(),
                perItem.get(ItemMetric.KEPT_PER_ITEM).value(), time.medianMs(), time.p95Ms());
        return new Outcome(metrics, new SystemItems(system, perItem), recs);
    }

    /**
     * Pearson and Spearman correlation of the student's cosine scores with the teacher's scores on
     * the same (item, keyphrase) pairs.
     */
    public static Agreement agreement(String system, TextEmbedder itemSide, TextEmbedder keyphraseSide, int dim,
                                      List<JudgePair> pairs, float[] teacher) {
        if (pairs.size() != teacher.length || pairs.size() < 3) {
            throw new IllegalArgumentException("need at least 3 pairs with one teacher score each, got " + pairs.size()
                    + " pairs and " + teacher.length + " scores");
        }
        double[] student = new double[pairs.size()];
        double[] t = new double[pairs.size()];
        for (int from = 0; from < pairs.size(); from += Batches.ENCODE) {
            List<JudgePair> batch = pairs.subList(from, Math.min(pairs.size(), from + Batches.ENCODE));
            float[][] a = itemSide.embed(batch.stream().map(p -> p.item().text()).toList(), dim);
            float[][] b = keyphraseSide.embed(batch.stream().map(JudgePair::keyphrase).toList(), dim);
            for (int i = 0; i < batch.size(); i++) {
                student[from + i] = cosine(a[i], b[i]);
            }
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = teacher[i];
        }
        return new Agreement(system, dim, pairs.size(), new PearsonsCorrelation().correlation(student, t),
                new SpearmansCorrelation().correlation(student, t));
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(Math.max(na * nb, 1e-30));
    }

    private static List<String> texts(List<Item> items) {
        return items.stream().map(Item::text).toList();
    }
}
