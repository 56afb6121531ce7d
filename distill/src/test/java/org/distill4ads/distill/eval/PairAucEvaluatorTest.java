package org.distill4ads.distill.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.transformer.PairScorer;
import org.junit.jupiter.api.Test;

class PairAucEvaluatorTest {
    private static final Map<String, Float> SCORES = Map.of("k1", 0.9f, "k2", 0.4f, "k3", 0.6f, "k4", 0.1f);
    private static final PairScorer SCORER = (firsts, seconds) -> {
        float[] out = new float[seconds.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = SCORES.get(seconds.get(i));
        }
        return out;
    };

    @Test
    void theAucOfEachLabelSetIsTheShareOfPositiveNegativePairsOrderedRight() {
        Map<String, boolean[]> labels = new LinkedHashMap<>();
        labels.put("auc", new boolean[] {true, false, true, false});        // 0.9, 0.6 above 0.4, 0.1
        labels.put("auc_truth", new boolean[] {true, true, false, false});  // 0.4 < 0.6: 3 of 4 pairs
        labels.put("none", new boolean[] {false, false, false, false});
        Map<String, Double> m = new PairAucEvaluator(SCORER, List.of("i", "i", "i", "i"), List.of("k1", "k2", "k3", "k4"), labels)
                .evaluate(3);
        assertEquals(1.0, m.get("auc"), 1e-12);
        assertEquals(0.75, m.get("auc_truth"), 1e-12);
        assertTrue(m.get("none").isNaN(), "no positive: no AUC");
        assertEquals(List.of("auc", "auc_truth", "none"), List.copyOf(m.keySet()));
    }

    @Test
    void labelsOfAnotherLengthAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PairAucEvaluator(SCORER,
                List.of("i", "i"), List.of("k1", "k2"), Map.of("auc", new boolean[] {true})));
        assertTrue(e.getMessage().contains("labels 'auc' has 1 values for 2 pairs"), e.getMessage());
    }
}
