package org.distill4ads.distill.eval;

import org.distill4ads.retrieval.Recommendation;

/**
 * What happened to the retrieved candidates, summed over items: dropped as duplicates, dropped by
 * the relevance filter, kept; and how many items got at least one recommendation.
 */
final class FunnelMetrics {
    private long retrieved;
    private long duplicates;
    private long filtered;
    private long kept;
    private int covered;
    private int items;

    void add(Recommendation r) {
        int n = r.kept().size();
        items++;
        kept += n;
        covered += n > 0 ? 1 : 0;
        for (Recommendation.Dropped d : r.dropped()) {
            if (d.reason() == Recommendation.Reason.DUPLICATE) {
                duplicates++;
            } else {
                filtered++;
            }
        }
        retrieved += n + r.dropped().size();
    }

    /** Share of items with at least one kept recommendation, over {@code of} items. */
    double coverage(int of) {
        return covered / (double) of;
    }

    double dedupRate() {
        return retrieved == 0 ? Double.NaN : duplicates / (double) retrieved;
    }

    double filterPassRate() {
        return retrieved - duplicates == 0 ? Double.NaN : 1 - filtered / (double) (retrieved - duplicates);
    }

    /** Mean recommendations kept per item, over {@code of} items. */
    double keptPerItem(int of) {
        return kept / (double) of;
    }
}
