package org.distill4ads.distill.eval;

import java.util.Map;
import org.distill4ads.distill.data.Truth;

/**
 * The figures that need the hidden truth, summed over items: true precision of the kept list,
 * recall@k and NDCG@k (graded gains). An item with nothing kept counts for recall and NDCG but not
 * for precision; an item with no relevant keyphrase counts for neither. NaN without a truth.
 */
final class TruthMetrics {
    private final Truth truth;
    private final int k;
    private double precisionSum;
    private double recallSum;
    private double ndcgSum;
    private int precisionItems;
    private int recallItems;

    TruthMetrics(Truth truth, int k) {
        this.truth = truth;
        this.k = k;
    }

    /** One item's kept list: {@code binary[j]} 1 when the j-th kept keyphrase is relevant, {@code graded[j]} its grade. */
    void add(String itemId, int[] binary, int[] graded) {
        if (truth == null) {
            return;
        }
        if (binary.length > 0) {
            precisionSum += RankingMetrics.precision(binary);
            precisionItems++;
        }
        Map<String, Integer> grades = truth.gradesOf(itemId);
        int totalRelevant = truth.relevantTo(itemId).size();
        if (totalRelevant > 0) {
            recallSum += RankingMetrics.recallAtK(binary, totalRelevant, k);
            int[] all = grades.values().stream().mapToInt(Integer::intValue).filter(g -> g > 0).toArray();
            ndcgSum += RankingMetrics.ndcgAtK(graded, all, k);
            recallItems++;
        }
    }

    double precision() {
        return truth == null || precisionItems == 0 ? Double.NaN : precisionSum / precisionItems;
    }

    double recall() {
        return truth == null || recallItems == 0 ? Double.NaN : recallSum / recallItems;
    }

    double ndcg() {
        return truth == null || recallItems == 0 ? Double.NaN : ndcgSum / recallItems;
    }
}
