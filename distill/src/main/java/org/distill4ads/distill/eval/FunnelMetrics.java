package org.distill4ads.distill.eval;

import org.distill4ads.retrieval.Recommendation;

/**
 * What happened to the retrieved candidates, kept per item: dropped as duplicates, dropped by the
 * relevance filter, kept; and whether the item got at least one recommendation.
 */
final class FunnelMetrics {
    private final ItemValues coverage = new ItemValues();
    private final ItemValues kept = new ItemValues();
    private final ItemValues dedup = new ItemValues();
    private final ItemValues pass = new ItemValues();

    void add(Recommendation r) {
        int n = r.kept().size();
        int duplicates = 0;
        int filtered = 0;
        for (Recommendation.Dropped d : r.dropped()) {
            if (d.reason() == Recommendation.Reason.DUPLICATE) {
                duplicates++;
            } else {
                filtered++;
            }
        }
        int retrieved = n + r.dropped().size();
        coverage.mean(n > 0 ? 1 : 0);
        kept.mean(n);
        dedup.ratio(duplicates, retrieved);
        pass.ratio(retrieved - duplicates - filtered, retrieved - duplicates);
    }

    /** 1 per item with at least one kept recommendation, else 0. */
    PerItem coverage() {
        return coverage.freeze();
    }

    PerItem dedupRate() {
        return dedup.freeze();
    }

    PerItem filterPassRate() {
        return pass.freeze();
    }

    /** Recommendations kept per item. */
    PerItem keptPerItem() {
        return kept.freeze();
    }
}
