package org.distill4ads.distill.eval;

import java.util.Map;
import org.distill4ads.distill.data.Truth;

/**
 * The figures that need the hidden truth, kept per item: true precision of the kept list,
 * recall@k and NDCG@k (graded gains). An item with nothing kept counts for recall and NDCG but not
 * for precision; an item with no relevant keyphrase counts for neither. NaN without a truth.
 */
final class TruthMetrics {
    private final Truth truth;
    private final int k;
    private final ItemValues precision = new ItemValues();
    private final ItemValues recall = new ItemValues();
    private final ItemValues ndcg = new ItemValues();

    TruthMetrics(Truth truth, int k) {
        this.truth = truth;
        this.k = k;
    }

    /** One item's kept list: {@code binary[j]} 1 when the j-th kept keyphrase is relevant, {@code graded[j]} its grade. */
    void add(String itemId, int[] binary, int[] graded) {
        if (truth == null) {
            precision.mean(Double.NaN);
            recall.mean(Double.NaN);
            ndcg.mean(Double.NaN);
            return;
        }
        precision.mean(binary.length > 0 ? RankingMetrics.precision(binary) : Double.NaN);
        Map<String, Integer> grades = truth.gradesOf(itemId);
        int totalRelevant = truth.relevantTo(itemId).size();
        if (totalRelevant > 0) {
            recall.mean(RankingMetrics.recallAtK(binary, totalRelevant, k));
            int[] all = grades.values().stream().mapToInt(Integer::intValue).filter(g -> g > 0).toArray();
            ndcg.mean(RankingMetrics.ndcgAtK(graded, all, k));
        } else {
            recall.mean(Double.NaN);
            ndcg.mean(Double.NaN);
        }
    }

    PerItem precision() {
        return precision.freeze();
    }

    PerItem recall() {
        return recall.freeze();
    }

    PerItem ndcg() {
        return ndcg.freeze();
    }
}
