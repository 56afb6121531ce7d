package org.distill4ads.distill.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a run on a relevance file changes in a configuration, and what it leaves alone. */
class RelevanceDefaultsTest {
    private static List<Integer> counts(PipelineConfig c) {
        PipelineConfig.Sampling s = c.sampling();
        return List.of(s.labelCandidates(), s.labelRandom(), s.distillCandidates(), s.distillRandom());
    }

    @Test
    void theDefaultRunDistillsFourBm25AndTwoRandomPairsPerProductAndEvaluates100() {
        PipelineConfig c = RelevanceDefaults.apply(PipelineConfig.defaults());
        assertEquals(List.of(12, 4, 4, 2), counts(c), "labelling counts are kept (the sparse path labels judged pairs)");
        assertEquals(100, c.evaluation().maxItems());
        assertEquals(PipelineConfig.defaults().assistant(), c.assistant());
        assertEquals(PipelineConfig.defaults().student(), c.student());
        assertEquals(PipelineConfig.defaults().evaluation().candidates(), c.evaluation().candidates());
    }

    @Test
    void smallerCountsAndEvaluationsStay() {
        PipelineConfig small = PipelineConfig.quick().withSampling(new PipelineConfig.Sampling(8, 4, 1, 0));
        PipelineConfig c = RelevanceDefaults.apply(small);
        assertEquals(List.of(8, 4, 1, 0), counts(c));
        assertEquals(60, c.evaluation().maxItems(), "the quick run's 60 items are fewer than 100");
        PipelineConfig all = PipelineConfig.defaults().withEvaluation(new PipelineConfig.EvaluationSettings(50, 10, 0.95, 0));
        assertEquals(100, RelevanceDefaults.apply(all).evaluation().maxItems(), "0 (every item) becomes 100");
    }
}
