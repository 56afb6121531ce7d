package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.distill.eval.Batches;
import org.distill4ads.distill.eval.Bm25Index;
import org.distill4ads.distill.eval.Bootstrap;
import org.distill4ads.distill.eval.CachingEmbedder;
import org.distill4ads.distill.eval.GradedRanking;
import org.distill4ads.distill.eval.GradedRanking.Member;
import org.distill4ads.distill.eval.PerItem;
import org.distill4ads.distill.judge.JudgePair;
import org.distill4ads.nn.io.AtomicFiles;
import org.distill4ads.transformer.TextEmbedder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;

/**
 * The evaluation of a human-judged set ({@link MarketplaceSource#sparseTruth()}), stage
 * {@code ranking}: the judgments are sparse (Crowdflower judges about one query per product), so
 * instead of retrieving keyphrases from the whole pool and calling the unjudged ones irrelevant,
 * each system ranks every held-out query's judged products (the query → products direction) and
 * is scored by NDCG@k against the human grades over that condensed list ({@link GradedRanking}).
 * The systems: every student at every Matryoshka size (cosine of the two embeddings), BM25 (the
 * query against the product texts, with the held-out products as its corpus) and the assistant
 * (the cross-encoder's probability), and a seeded random order as the floor (these lists are
 * mostly relevant products, so even a random order scores high). Also the AUC of each system's scores over all judged pairs of
 * the held-out products against the binarized grades (relevant = grade 2), and, where products
 * have two or more judged queries of different grades, NDCG@k in the paper's item → keyphrase
 * direction. Intervals are paired percentile bootstraps over the queries ({@link Bootstrap}).
 * Writes {@code ranking/results.json}, {@code ranking/table.md} and {@code ranking/held-out-queries.txt}.
 */
public final class RankingStage implements Stage {
    public static final String NAME = "ranking";
    /** The lexical baseline's system name. */
    static final String BM25 = "bm25";
    /** The cross-encoder's system name. */
    static final String ASSISTANT = "assistant";
    /** A random ranking: what NDCG a system earns on these lists without any skill. */
    static final String RANDOM = "random";

    private final List<Variant> variants;

    public RankingStage(List<Variant> variants) {
        this.variants = List.copyOf(variants);
    }

    /**
     * What the ranking evaluation needs.
     *
     * @param items          the held-out products
     * @param heldOutQueries the held-out queries (the query → products groups)
     * @param truth          the judged pairs
     * @param bootstrapSeed  seed of the bootstrap's resamples
     */
    public record Input(List<Item> items, List<String> heldOutQueries, Truth truth, CrossEncoder assistant,
                        Map<Variant, BiEncoder> students, int k, long bootstrapSeed, String source, String judge) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> requires() {
        List<String> r = new ArrayList<>(List.of(AssistantStage.NAME));
        variants.forEach(v -> r.add(StudentStage.name(v)));
        return r;
    }

    /**
     * Scores the judged pairs with every system and measures them; the reference differences are
     * taken against the clicks-only student at its largest size (the paper's baseline; the first
     * system when no clicks-only student was trained).
     */
    public static RankingResults evaluate(Input in) {
        Truth truth = in.truth();
        List<JudgePair> pairs = new ArrayList<>();
        Map<String, List<Member>> byQuery = new LinkedHashMap<>();
        Map<String, List<Member>> byItem = new LinkedHashMap<>();
        Set<String> held = new LinkedHashSet<>(in.heldOutQueries());
        held.forEach(q -> byQuery.put(q, new ArrayList<>()));
        for (Item item : in.items()) {
            for (Map.Entry<String, Integer> g : new java.util.TreeMap<>(truth.gradesOf(item.id())).entrySet()) {
                int p = pairs.size();
                pairs.add(new JudgePair(item, g.getKey()));
                byItem.computeIfAbsent(item.id(), x -> new ArrayList<>()).add(new Member(g.getKey(), g.getValue(), p));
                if (held.contains(g.getKey())) {
                    byQuery.get(g.getKey()).add(new Member(item.id(), g.getValue(), p));
                }
            }
        }
        Map<String, List<Member>> queries = GradedRanking.informative(byQuery);
        Map<String, List<Member>> items = GradedRanking.informative(byItem);
        if (queries.isEmpty()) {
            throw new IllegalStateException("no held-out query has two judged products of different grades: nothing to rank");
        }
        boolean[] relevant = new boolean[pairs.size()];
        for (int i = 0; i < relevant.length; i++) {
            relevant[i] = truth.relevant(pairs.get(i).item().id(), pairs.get(i).keyphrase());
        }

        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, double[]> scores = new LinkedHashMap<>();
        String reference = null;
        for (Map.Entry<Variant, BiEncoder> e : in.students().entrySet()) {
            BiEncoder student = e.getValue();
            int[] dims = student.matryoshka().dims();
            for (int dim : dims) {
                String name = e.getKey().id() + "@" + dim;
                labels.put(name, e.getKey().label());
                scores.put(name, cosines(student, pairs, dim));
                if (e.getKey() == Variant.CLICKS && dim == dims[0]) {
                    reference = name;
                }
            }
        }
        labels.put(BM25, "BM25 over the product texts");
        scores.put(BM25, bm25(in.items(), pairs));
        labels.put(ASSISTANT, "the cross-encoder assistant");
        float[] p = in.assistant().predict(JudgePair.texts(pairs), Batches.CROSS_ENCODER);
        double[] ps = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            ps[i] = p[i];
        }
        scores.put(ASSISTANT, ps);
        labels.put(RANDOM, "a seeded random order (the floor)");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(mix(in.bootstrapSeed(), RANDOM));
        scores.put(RANDOM, rnd.doubles(pairs.size()).toArray());
        if (reference == null) {
            reference = scores.keySet().iterator().next();
        }

        Bootstrap bootstrap = Bootstrap.standard(in.bootstrapSeed());
        Map<String, PerItem> perQuery = new LinkedHashMap<>();
        scores.forEach((name, s) -> perQuery.put(name, PerItem.means(GradedRanking.ndcg(queries, s, in.k()))));
        List<RankingResults.Ranked> out = new ArrayList<>();
        for (String name : scores.keySet()) {
            Bootstrap.Difference vsBm25 = bootstrap.difference(perQuery.get(name), perQuery.get(BM25));
            Bootstrap.Difference vsRef = bootstrap.difference(perQuery.get(name), perQuery.get(reference));
            RankingResults.Interval itemNdcg = items.isEmpty() ? new RankingResults.Interval(Double.NaN, Double.NaN, Double.NaN)
                    : interval(bootstrap.interval(PerItem.means(GradedRanking.ndcg(items, scores.get(name), in.k()))));
            out.add(new RankingResults.Ranked(name, labels.get(name), interval(bootstrap.interval(perQuery.get(name))),
                    interval(vsBm25.interval()), vsBm25.verdict().text(), interval(vsRef.interval()), vsRef.verdict().text(),
                    GradedRanking.auc(scores.get(name), relevant), itemNdcg));
        }
        return new RankingResults(in.source(), in.judge(), in.k(), queries.size(), held.size() - queries.size(), items.size(),
                pairs.size(), reference, bootstrap.resamples(), bootstrap.level(), out);
    }

    private static RankingResults.Interval interval(Bootstrap.Interval i) {
        return new RankingResults.Interval(i.estimate(), i.lower(), i.upper());
    }

    /** Cosine of the item's and the query's first {@code dim} embedding components, per pair. */
    static double[] cosines(BiEncoder student, List<JudgePair> pairs, int dim) {
        TextEmbedder itemSide = new CachingEmbedder(student);
        TextEmbedder querySide = student.twoTowers() ? new CachingEmbedder(student.keyphraseEmbedder()) : itemSide;
        double[] out = new double[pairs.size()];
        for (int from = 0; from < pairs.size(); from += Batches.ENCODE) {
            List<JudgePair> batch = pairs.subList(from, Math.min(pairs.size(), from + Batches.ENCODE));
            float[][] a = itemSide.embed(batch.stream().map(x -> x.item().text()).toList(), dim);
            float[][] b = querySide.embed(batch.stream().map(JudgePair::keyphrase).toList(), dim);
            for (int i = 0; i < batch.size(); i++) {
                out[from + i] = cosine(a[i], b[i]);
            }
        }
        return out;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(Math.max(na * nb, 1e-30));
    }

    /** BM25 of the query against the product's text, the held-out products being the corpus. */
    static double[] bm25(List<Item> items, List<JudgePair> pairs) {
        Map<String, Integer> doc = new HashMap<>();
        List<String> texts = new ArrayList<>();
        for (Item item : items) {
            doc.put(item.id(), texts.size());
            texts.add(item.text());
        }
        Bm25Index index = new Bm25Index(texts);
        double[] out = new double[pairs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = index.score(pairs.get(i).keyphrase(), doc.get(pairs.get(i).item().id()));
        }
        return out;
    }

    @Override
    public String run(RunContext context) throws IOException {
        PipelineConfig config = context.config();
        QuerySplit qs = QuerySplit.of(context.marketplace(), config.heldOut(), context.seeds().split());
        if (!qs.split().heldOutIds().equals(context.split().heldOutIds())) {
            throw new IllegalStateException(context.layout().heldOutItems() + " holds other products than the split by query of"
                    + " this run's seed gives; use a new run folder");
        }
        Map<Variant, BiEncoder> students = new LinkedHashMap<>();
        for (Variant v : variants) {
            students.put(v, context.student(v));
        }
        RankingResults r = evaluate(new Input(context.split().heldOut(), qs.heldOutQueries(), context.marketplace().truth(),
                context.assistant(), students, config.evaluation().k(), mix(context.seeds().root(), NAME),
                context.source().describe(), context.judge().describe()));
        java.nio.file.Path dir = context.layout().root().resolve(NAME);
        AtomicFiles.writeString(dir.resolve("held-out-queries.txt"), String.join("\n", qs.heldOutQueries()) + "\n");
        AtomicFiles.writeString(dir.resolve("table.md"), r.markdown());
        r.write(dir.resolve("results.json"));
        context.log().print(r.markdown());
        RankingResults.Ranked ref = r.byName().get(r.reference());
        return r.systems().size() + " systems ranked the judged products of " + r.queries() + " held-out queries; "
                + r.reference() + " NDCG@" + r.k() + " " + ref.ndcg().text();
    }

    /** A component seed from the root seed and a name (SplitMix64's finalizer over both). */
    static long mix(long root, String name) {
        long z = root ^ (name.hashCode() * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
