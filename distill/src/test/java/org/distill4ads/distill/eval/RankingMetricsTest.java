package org.distill4ads.distill.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {
    @Test
    void precisionCountsMissingRanksAsMisses() {
        assertEquals(0.5, RankingMetrics.precisionAtK(new int[] {2, 0, 1, 0}, 4), 1e-12);
        // only 2 results returned for k = 4: 1 hit out of 4 slots
        assertEquals(0.25, RankingMetrics.precisionAtK(new int[] {1, 0}, 4), 1e-12);
        assertEquals(0.5, RankingMetrics.precision(new int[] {1, 0}), 1e-12);
        assertTrue(Double.isNaN(RankingMetrics.precision(new int[0])));
    }

    @Test
    void recallDividesByAllRelevant() {
        assertEquals(2.0 / 5.0, RankingMetrics.recallAtK(new int[] {2, 0, 1, 0}, 5, 10), 1e-12);
        assertEquals(1.0 / 5.0, RankingMetrics.recallAtK(new int[] {2, 0, 1, 0}, 5, 2), 1e-12);
        assertTrue(Double.isNaN(RankingMetrics.recallAtK(new int[] {0}, 0, 1)));
    }

    @Test
    void ndcgMatchesHandComputation() {
        // DCG = (2^2-1)/log2(2) + 0 + (2^1-1)/log2(4) = 3 + 0.5 = 3.5
        // IDCG over grades [2, 1, 1] = 3 + 1/log2(3) + 0.5 = 4.1309298; 3.5 / 4.1309298 = 0.8472669
        assertEquals(0.8472669, RankingMetrics.ndcgAtK(new int[] {2, 0, 1}, new int[] {1, 2, 1}, 3), 1e-6);
        assertEquals(1.0, RankingMetrics.ndcgAtK(new int[] {2, 1}, new int[] {1, 2}, 2), 1e-12);
        assertTrue(Double.isNaN(RankingMetrics.ndcgAtK(new int[] {0}, new int[0], 1)));
    }

    @Test
    void rejectsBadK() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RankingMetrics.precisionAtK(new int[0], 0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }
}
