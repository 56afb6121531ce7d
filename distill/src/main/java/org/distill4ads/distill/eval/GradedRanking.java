package org.distill4ads.distill.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranking metrics over sparse human judgments: a <em>condensed list</em> per group (a query and its
 * judged products, or a product and its judged queries) holds only the judged members, ranked by
 * a system's score (ties by member key, ascending), and NDCG@k is taken against their grades
 * (Sakai's condensed-list evaluation: unjudged members are left out, not counted irrelevant). A
 * group whose judged members all have the same grade cannot tell two rankings apart and is left out.
 */
public final class GradedRanking {
    private GradedRanking() {
    }

    /** One judged pair of a group: the member's key (for ties), its grade, and where its score is. */
    public record Member(String key, int grade, int pair) {
    }

    /** The groups that can tell rankings apart: at least two judged members with different grades. */
    public static Map<String, List<Member>> informative(Map<String, List<Member>> groups) {
        Map<String, List<Member>> out = new LinkedHashMap<>();
        groups.forEach((g, members) -> {
            if (members.stream().mapToInt(Member::grade).distinct().count() > 1) {
                out.put(g, members);
            }
        });
        return out;
    }

    /** NDCG@k of each group's condensed list ranked by {@code scores[member.pair]}, in group order. */
    public static double[] ndcg(Map<String, List<Member>> groups, double[] scores, int k) {
        double[] out = new double[groups.size()];
        int g = 0;
        for (List<Member> members : groups.values()) {
            List<Member> ranked = new ArrayList<>(members);
            ranked.sort(Comparator.<Member>comparingDouble(m -> -scores[m.pair()]).thenComparing(Member::key));
            int[] gains = ranked.stream().mapToInt(Member::grade).toArray();
            out[g++] = RankingMetrics.ndcgAtK(gains, gains.clone(), k);
        }
        return out;
    }

    /**
     * The area under the ROC curve of scores against binary labels: the probability that a random
     * positive scores above a random negative, ties counted half (Mann–Whitney U over average
     * ranks). NaN without both a positive and a negative.
     */
    public static double auc(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " != " + positive.length);
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSum = 0;
        long pos = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // average 1-based rank of the tie block
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    rankSum += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = scores.length - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
