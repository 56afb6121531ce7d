package org.distill4ads.retrieval;

import java.util.HashSet;
import java.util.Set;

/** Measured, not assumed: how much of the exact answer an approximate index returns. Stateless, thread-safe. */
public final class Recall {
    private Recall() {}

    /** recall@k: the share of the exact top-k ids that {@code candidate} also returns, averaged over the queries. */
    public static double atK(Index exact, Index candidate, float[][] queries, int k, int dim) {
        if (queries.length == 0) {
            throw new IllegalArgumentException("recall needs at least one query");
        }
        double sum = 0;
        for (float[] q : queries) {
            Set<Integer> truth = new HashSet<>();
            exact.search(q, k, dim).forEach(h -> truth.add(h.id()));
            long found = candidate.search(q, k, dim).stream().filter(h -> truth.contains(h.id())).count();
            sum += truth.isEmpty() ? 1.0 : found / (double) truth.size();
        }
        return sum / queries.length;
    }
}
