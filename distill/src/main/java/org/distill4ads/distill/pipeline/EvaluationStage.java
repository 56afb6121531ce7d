package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.distill.eval.Agreement;
import org.distill4ads.distill.eval.Auc;
import org.distill4ads.distill.eval.Batches;
import org.distill4ads.distill.eval.CachingEmbedder;
import org.distill4ads.distill.eval.CachingPairScorer;
import org.distill4ads.distill.eval.EvaluationProtocol;
import org.distill4ads.distill.eval.SystemItems;
import org.distill4ads.distill.eval.SystemMetrics;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.judge.JudgePair;
import org.distill4ads.distill.judge.PairText;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;
import org.distill4ads.transformer.TextEmbedder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;

/**
 * Stage 4, {@code evaluation}: the {@linkplain EvaluationProtocol protocol} on the held-out items —
 * every student at every Matryoshka size it was trained with (read from the saved model) and the
 * BM25 baseline retrieve, de-duplicate, pass the assistant's relevance filter and are judged; the
 * students' agreement with the teacher is measured on held-out candidate pairs. Writes
 * {@code evaluation/results.json}.
 */
public final class EvaluationStage implements Stage {
    public static final String NAME = "evaluation";
    /** Items whose recommendations the results keep as samples. */
    public static final int SAMPLES = 4;

    private final List<Variant> variants;

    public EvaluationStage(List<Variant> variants) {
        this.variants = List.copyOf(variants);
    }

    /**
     * What the evaluation needs.
     *
     * @param items      the held-out items evaluated
     * @param marketplace the keyphrase pool, the click log (for novelty) and the truth (or null)
     * @param judge      judges the kept recommendations
     * @param assistant  the relevance filter and the teacher of the agreement figures
     * @param students   the students to evaluate, in order
     * @param candidates the candidate sampler (the agreement pairs, the BM25 baseline)
     * @param clicked    clicked training pairs, to calibrate the filter's threshold
     */
    public record Input(List<Item> items, Marketplace marketplace, Judge judge, CrossEncoder assistant,
                        Map<Variant, BiEncoder> students, Candidates candidates, List<PairExample> clicked,
                        PipelineConfig.EvaluationSettings settings, PipelineConfig.Sampling sampling, Seeds seeds,
                        String source) {
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
     * The relevance filter's threshold: the cross-encoder probability that keeps {@code share} of
     * the (first {@link Batches#CALIBRATION_PAIRS}) clicked training pairs; 0.5 without clicks.
     */
    public static float calibrateThreshold(CrossEncoder assistant, List<PairExample> clicked, double share) {
        if (clicked.isEmpty()) {
            return 0.5f;
        }
        clicked = clicked.subList(0, Math.min(Batches.CALIBRATION_PAIRS, clicked.size()));
        float[] p = assistant.predict(PairExample.pairs(clicked), Batches.CROSS_ENCODER);
        boolean[] positive = new boolean[p.length];
        Arrays.fill(positive, true);
        return KeyphraseRecommender.calibrateThreshold(p, positive, share);
    }

    /** Runs the protocol; each system's headline figures go to {@code log} as they are known. */
    public static EvaluationResults evaluate(Input in, Map<String, Double> stageSeconds, PrintStream log) throws IOException {
        Marketplace m = in.marketplace();
        PipelineConfig.EvaluationSettings e = in.settings();
        List<Item> items = in.items();
        CrossEncoder assistant = in.assistant();
        float threshold = calibrateThreshold(assistant, in.clicked(), e.filterShare());
        EvaluationProtocol protocol = new EvaluationProtocol(items, m.keyphrases(), m.clicks(), m.truth(), in.judge(),
                new CachingPairScorer((f, s) -> assistant.predict(PairText.of(f, s), Batches.CROSS_ENCODER)),
                threshold, e.candidates(), e.k());
        List<SystemMetrics> systems = new ArrayList<>();
        List<Agreement> agreements = new ArrayList<>();
        List<EvaluationResults.Sample> samples = new ArrayList<>();
        List<SystemItems> perItem = new ArrayList<>();
        // agreement pairs: candidates of the held-out items, scored by the teacher
        List<JudgePair> pairs = in.candidates().draw(items, in.sampling().distillCandidates(), in.sampling().distillRandom(),
                in.seeds().agreementDraw());
        float[] teacher = assistant.predict(JudgePair.texts(pairs), Batches.CROSS_ENCODER);
        EvaluationResults.AssistantAuc auc = null;
        if (m.truth() != null) {
            int positives = 0;
            for (JudgePair p : pairs) {
                positives += m.truth().grade(p.item().id(), p.keyphrase()) >= Truth.RELEVANT ? 1 : 0;
            }
            auc = new EvaluationResults.AssistantAuc(assistantAuc(pairs, teacher, m.truth()), pairs.size(), positives,
                    EvaluationResults.AssistantAuc.GRADE_2);
            log.printf("  assistant AUC %.4f against the truth on %d held-out candidate pairs (positive = grade %d)%n", auc.auc(),
                    pairs.size(), Truth.RELEVANT);
        }
        Variant sampled = in.students().containsKey(Variant.PEARSON) ? Variant.PEARSON : in.students().keySet().iterator().next();
        for (Map.Entry<Variant, BiEncoder> entry : in.students().entrySet()) {
            Variant v = entry.getKey();
            BiEncoder student = entry.getValue();
            CachingEmbedder itemSide = new CachingEmbedder(student);
            TextEmbedder keyphraseSide = student.twoTowers() ? new CachingEmbedder(student.keyphraseEmbedder()) : itemSide;
            EmbeddingStore store = protocol.embedKeyphrases(keyphraseSide);
            int[] dims = student.matryoshka().dims();
            for (int dim : dims) {
                String name = v.id() + "@" + dim;
                EvaluationProtocol.Outcome o = protocol.student(name, v.label(), itemSide, student, store, dim);
                systems.add(o.metrics());
                perItem.add(o.perItem());
                agreements.add(EvaluationProtocol.agreement(name, itemSide, keyphraseSide, dim, pairs, teacher));
                if (v == sampled && dim == dims[0]) {
                    samples.addAll(samples(name, items, o.recommendations(), m.truth()));
                }
                log.printf("  %-14s true P@%d %.3f  recall %.3f  novelty %.3f%n", name, e.k(), o.metrics().truePrecision(),
                        o.metrics().recall(), o.metrics().novelty());
            }
        }
        EvaluationProtocol.Outcome bm25 = protocol.bm25(in.candidates().bm25());
        systems.add(bm25.metrics());
        perItem.add(bm25.perItem());
        samples.addAll(samples("bm25", items, bm25.recommendations(), m.truth()));
        return new EvaluationResults(in.source(), in.judge().describe(), threshold, items.size(), systems, agreements, samples,
                Map.copyOf(stageSeconds), perItem, auc);
    }

    /**
     * The assistant's AUC against the truth on scored pairs: positive = a pair of grade
     * {@link Truth#RELEVANT} (an exact match, the only grade the simulated judge calls relevant);
     * partial matches (grade 1) count as negatives.
     */
    public static double assistantAuc(List<JudgePair> pairs, float[] scores, Truth truth) {
        boolean[] positive = new boolean[pairs.size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = truth.grade(pairs.get(i).item().id(), pairs.get(i).keyphrase()) >= Truth.RELEVANT;
        }
        return Auc.of(scores, positive);
    }

    @Override
    public String run(RunContext context) throws IOException {
        PipelineConfig config = context.config();
        List<Item> items = context.split().heldOut();
        int max = config.evaluation().maxItems();
        if (max > 0 && items.size() > max) {
            items = items.subList(0, max);
        }
        Marketplace m = context.marketplace();
        Map<Variant, BiEncoder> students = new LinkedHashMap<>();
        for (Variant v : variants) {
            students.put(v, context.student(v));
        }
        List<PairExample> clicked = PairExample.clicked(m.clicks(), m.itemsById(), context.trainingIds()::contains);
        EvaluationResults results = evaluate(new Input(items, m, context.judge(), context.assistant(), students,
                context.candidates(), clicked, config.evaluation(), config.sampling(), context.seeds(),
                context.source().describe()), context.stageSeconds(), context.log());
        results.write(context.layout().evaluation());
        return results.systems().size() + " systems evaluated on " + items.size() + " held-out items, filter threshold "
                + String.format("%.3f", results.threshold());
    }

    private static List<EvaluationResults.Sample> samples(String system, List<Item> items, List<Recommendation> recs, Truth truth) {
        List<EvaluationResults.Sample> out = new ArrayList<>();
        for (int i = 0; i < Math.min(SAMPLES, items.size()); i++) {
            Item item = items.get(i);
            List<EvaluationResults.Kept> kept = new ArrayList<>();
            for (Recommendation.Scored s : recs.get(i).kept()) {
                kept.add(new EvaluationResults.Kept(s.keyphrase(), s.similarity(), s.relevance(),
                        truth == null ? -1 : truth.grade(item.id(), s.keyphrase())));
            }
            List<EvaluationResults.Dropped> dropped = new ArrayList<>();
            for (Recommendation.Dropped d : recs.get(i).dropped()) {
                dropped.add(new EvaluationResults.Dropped(d.keyphrase(), d.reason().name(), d.duplicateOf(), d.similarity(),
                        d.relevance(), truth == null ? -1 : truth.grade(item.id(), d.keyphrase())));
            }
            out.add(new EvaluationResults.Sample(system, item.id(), item.text(), kept, dropped));
        }
        return out;
    }
}
