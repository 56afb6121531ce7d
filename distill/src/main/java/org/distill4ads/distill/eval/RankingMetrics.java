package org.distill4ads.distill.eval;

import java.util.Arrays;

/**
 * Ranking metrics over one ranked list with graded relevance (0 = irrelevant, higher = better).
 *
 * <p>{@code gains[i]} is the grade of the item at rank {@code i}; {@code allGrades} are the grades
 * of every relevant item that exists for the query (ranked or not), which recall and the ideal DCG
 * need. A grade above 0 counts as relevant.
 */
public final class RankingMetrics {
    private RankingMetrics() {}

    /** Share of the first {@code k} ranks that are relevant; an empty or short list counts as misses up to k. */
    public static double precisionAtK(int[] gains, int k) {
        checkK(k);
        int hits = 0;
        for (int i = 0; i < Math.min(k, gains.length); i++) {
            if (gains[i] > 0) {
                hits++;
            }
        }
        return hits / (double) k;
    }

    /** Share of the list that is relevant (precision over what was actually returned); NaN for an empty list. */
    public static double precision(int[] gains) {
        if (gains.length == 0) {
            return Double.NaN;
        }
        int hits = 0;
        for (int g : gains) {
            if (g > 0) {
                hits++;
            }
        }
        return hits / (double) gains.length;
    }

    /** Relevant items in the first {@code k} ranks over all relevant items; NaN when none exist. */
    public static double recallAtK(int[] gains, int totalRelevant, int k) {
        checkK(k);
        if (totalRelevant == 0) {
            return Double.NaN;
        }
        int hits = 0;
        for (int i = 0; i < Math.min(k, gains.length); i++) {
            if (gains[i] > 0) {
                hits++;
            }
        }
        return hits / (double) totalRelevant;
    }

    /**
     * NDCG@k with exponential gain (2^g - 1) / log2(rank + 2); the ideal ranking sorts
     * {@code allGrades} descending. NaN when no relevant item exists.
     */
    public static double ndcgAtK(int[] gains, int[] allGrades, int k) {
        checkK(k);
        double dcg = dcg(gains, k);
        int[] ideal = allGrades.clone();
        Arrays.sort(ideal);
        for (int i = 0, j = ideal.length - 1; i < j; i++, j--) {
            int t = ideal[i];
            ideal[i] = ideal[j];
            ideal[j] = t;
        }
        double idcg = dcg(ideal, k);
        return idcg == 0 ? Double.NaN : dcg / idcg;
    }

    private static double dcg(int[] gains, int k) {
        double s = 0;
        for (int i = 0; i < Math.min(k, gains.length); i++) {
            if (gains[i] < 0) {
                throw new IllegalArgumentException("grades must be non-negative, got " + gains[i] + " at rank " + i);
            }
            s += (Math.pow(2, gains[i]) - 1) / (Math.log(i + 2) / Math.log(2));
        }
        return s;
    }

    private static void checkK(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
    }
}
