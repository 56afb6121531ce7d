package org.distill4ads.distill.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.eval.GradedRanking.Member;
import org.junit.jupiter.api.Test;

class GradedRankingTest {
    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    @Test
    void ndcgRanksOnlyTheJudgedMembersTiesByKey() {
        Map<String, List<Member>> groups = new LinkedHashMap<>();
        // query q: products a (grade 2), b (0), c (1); scores put b first, then c, then a
        groups.put("q", List.of(new Member("a", 2, 0), new Member("b", 0, 1), new Member("c", 1, 2)));
        // query r: two products tied at the same score: key order decides, "x" (grade 0) before "y" (grade 2)
        groups.put("r", List.of(new Member("y", 2, 3), new Member("x", 0, 4)));
        double[] scores = {0.1, 0.9, 0.5, 0.3, 0.3};
        double[] ndcg = GradedRanking.ndcg(groups, scores, 10);
        // q ranked b, c, a: DCG = 0 + 1/log2(3) + 3/2; ideal a, c, b: 3 + 1/log2(3)
        assertEquals((1 / LOG2_3 + 1.5) / (3 + 1 / LOG2_3), ndcg[0], 1e-12);
        // r ranked x, y: DCG = 3/log2(3); ideal 3
        assertEquals(1 / LOG2_3, ndcg[1], 1e-12);
        // cut at k = 1: only the top member counts
        assertArrayEquals(new double[] {0, 0}, GradedRanking.ndcg(groups, scores, 1), 1e-12);
    }

    @Test
    void groupsOfOneGradeAreNotInformative() {
        Map<String, List<Member>> groups = new LinkedHashMap<>();
        groups.put("one", List.of(new Member("a", 2, 0)));
        groups.put("same", List.of(new Member("a", 1, 1), new Member("b", 1, 2)));
        groups.put("mixed", List.of(new Member("a", 1, 3), new Member("b", 0, 4)));
        assertEquals(List.of("mixed"), List.copyOf(GradedRanking.informative(groups).keySet()));
    }

    @Test
    void aucCountsPairsAndHalfTies() {
        // positives 0.9, 0.4; negatives 0.4, 0.1: pairs (0.9>0.4) (0.9>0.1) (0.4=0.4: half) (0.4>0.1) -> 3.5 / 4
        assertEquals(3.5 / 4, GradedRanking.auc(new double[] {0.9, 0.4, 0.4, 0.1}, new boolean[] {true, true, false, false}), 1e-12);
        assertEquals(0, GradedRanking.auc(new double[] {1, 2}, new boolean[] {true, false}), 1e-12);
        assertEquals(0.5, GradedRanking.auc(new double[] {7, 7, 7}, new boolean[] {true, false, false}), 1e-12);
        assertTrue(Double.isNaN(GradedRanking.auc(new double[] {1, 2}, new boolean[] {true, true})));
        assertThrows(IllegalArgumentException.class, () -> GradedRanking.auc(new double[] {1}, new boolean[] {true, false}));
    }

    @Test
    void aucMatchesPairCountingOnRandomScores() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        double[] s = new double[200];
        boolean[] y = new boolean[200];
        for (int i = 0; i < s.length; i++) {
            s[i] = rnd.nextInt(20); // many ties
            y[i] = rnd.nextDouble() < 0.3 + s[i] / 40;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] && !y[j]) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, GradedRanking.auc(s, y), 1e-12);
    }
}
