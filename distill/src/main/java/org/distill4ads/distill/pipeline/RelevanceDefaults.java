package org.distill4ads.distill.pipeline;

/**
 * What a run on a relevance file changes in a configuration so that it fits 15 minutes on 2 cores
 * on a catalog of ~10,000 real titles instead of 1,500 short simulated ones. Real titles fill the
 * assistant's 32 tokens, so scoring pairs is what costs: the assistant scores 4 BM25 and 2 random
 * keyphrases per training product for distillation (instead of the configuration's count, when
 * larger; 12 and 4 by default, 69,758 pairs on Crowdflower), and the retrieval protocol of
 * {@link EvaluationStage}, whose relevance filter scores every candidate of every system, runs on
 * at most 100 held-out products (its figures are not the headline on sparse judgments:
 * {@link RankingStage}'s are, on every held-out query). Everything else is the configuration's.
 */
public final class RelevanceDefaults {
    /** Distillation pairs per training product: best BM25 matches. */
    public static final int DISTILL_CANDIDATES = 4;
    /** Distillation pairs per training product: random keyphrases. */
    public static final int DISTILL_RANDOM = 2;
    /** Held-out products the retrieval protocol evaluates. */
    public static final int EVALUATION_ITEMS = 100;

    private RelevanceDefaults() {
    }

    /** The configuration with the changes above. */
    public static PipelineConfig apply(PipelineConfig c) {
        PipelineConfig.Sampling s = c.sampling();
        PipelineConfig.EvaluationSettings e = c.evaluation();
        return c.withSampling(new PipelineConfig.Sampling(s.labelCandidates(), s.labelRandom(),
                        Math.min(s.distillCandidates(), DISTILL_CANDIDATES), Math.min(s.distillRandom(), DISTILL_RANDOM)))
                .withEvaluation(new PipelineConfig.EvaluationSettings(e.candidates(), e.k(), e.filterShare(),
                        e.maxItems() == 0 ? EVALUATION_ITEMS : Math.min(e.maxItems(), EVALUATION_ITEMS)));
    }
}
