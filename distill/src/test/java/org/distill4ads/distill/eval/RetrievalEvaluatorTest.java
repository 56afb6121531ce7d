package org.distill4ads.distill.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.distill4ads.transformer.TextEmbedder;
import org.junit.jupiter.api.Test;

class RetrievalEvaluatorTest {
    /** Fixed unit vectors by text; a smaller size is the re-normalized prefix, as the contract says. */
    static TextEmbedder fixed(Map<String, float[]> vectors) {
        return new TextEmbedder() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public float[][] embed(List<String> texts, int dim) {
                return RetrievalEvaluator.prefix(texts.stream().map(vectors::get).toArray(float[][]::new), dim);
            }
        };
    }

    private static final Map<String, float[]> VECTORS = Map.of(
            "a", new float[] {1, 0}, "b", new float[] {0.8f, 0.6f}, "c", new float[] {0, 1}, "d", new float[] {-1, 0},
            "q1", new float[] {1, 0}, "q2", new float[] {0.6f, 0.8f}, "q3", new float[] {0, 1});

    @Test
    void recallAndNdcgAtEachSizeEqualTheHandComputedOnes() {
        List<RetrievalEvaluator.Query> queries = List.of(
                new RetrievalEvaluator.Query("q1", Map.of("b", 2, "c", 2, "a", 1)),
                new RetrievalEvaluator.Query("q2", Map.of("d", 2, "c", 1)),
                new RetrievalEvaluator.Query("q3", Map.of()));        // nothing graded: counts in neither mean
        TextEmbedder e = fixed(VECTORS);
        Map<String, Double> m = new RetrievalEvaluator(e, e, queries, List.of("a", "b", "c", "d"), new int[] {2, 1}, 2).evaluate(7);
        double log3 = Math.log(3) / Math.log(2);
        // d = 2: q1 ranks a (0.8 below 1), b; q2 ranks b (0.96), c (0.8)
        double q1 = (1 + 3 / log3) / (3 + 3 / log3);                  // gains [1, 2] against the ideal [2, 2]
        double q2 = (1 / log3) / (3 + 1 / log3);                     // gains [0, 1] against the ideal [2, 1]
        assertEquals((0.5 + 0.0) / 2, m.get("recall@2"), 1e-9);      // q1: b of {b, c}; q2: not d
        assertEquals((q1 + q2) / 2, m.get("ndcg@2"), 1e-6);
        // d = 1: a and b tie at 1 (pool order), so both queries (q2's prefix is 1 too) rank a, b
        assertEquals(0.25, m.get("recall@2_d1"), 1e-9);
        assertEquals(q1 / 2, m.get("ndcg@2_d1"), 1e-6);
        assertEquals(List.of("recall@2", "ndcg@2", "recall@2_d1", "ndcg@2_d1"), List.copyOf(m.keySet()));
    }

    @Test
    void aFigureNoQueryDefinesIsNaNAndBadSettingsAreNamed() {
        TextEmbedder e = fixed(VECTORS);
        Map<String, Double> m = new RetrievalEvaluator(e, e, List.of(new RetrievalEvaluator.Query("q1", Map.of("a", 1))),
                List.of("a", "b"), new int[] {2}, 1).evaluate(1);
        assertTrue(m.get("recall@1").isNaN(), "no exact match to recall");
        assertEquals(1.0, m.get("ndcg@1"), 1e-9);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RetrievalEvaluator(e, e,
                List.of(new RetrievalEvaluator.Query("q1", Map.of())), List.of("a"), new int[] {2}, 2))
                .getMessage().contains("got k 2 and a pool of 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RetrievalEvaluator(e, e, List.of(), List.of("a"),
                new int[] {2}, 1)).getMessage().contains("at least one validation query"));
    }
}
