package org.distill4ads.distill.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.distill4ads.distill.data.ClickRecord;

/**
 * Novelty: the share of relevant kept recommendations that never earned a click (what clicks alone
 * cannot teach), pooled over items and kept per item as (never clicked, relevant kept) counts.
 */
final class NoveltyMetrics {
    private final Set<String> clickedPairs;
    private final ItemValues novelty = new ItemValues();
    private int relevantKept;
    private int relevantNeverClicked;

    /** The clicked (item, keyphrase) pairs of a click log. */
    static Set<String> clickedPairs(List<ClickRecord> clicks) {
        Set<String> out = new HashSet<>();
        for (ClickRecord c : clicks) {
            if (c.clicks() > 0) {
                out.add(c.itemId() + '\t' + c.keyphrase());
            }
        }
        return out;
    }

    NoveltyMetrics(Set<String> clickedPairs) {
        this.clickedPairs = clickedPairs;
    }

    /** A kept recommendation of the current item found relevant. */
    void relevant(String itemId, String keyphrase) {
        relevantKept++;
        if (!clickedPairs.contains(itemId + '\t' + keyphrase)) {
            relevantNeverClicked++;
        }
    }

    /** Closes the current item. */
    void endItem() {
        novelty.ratio(relevantNeverClicked, relevantKept);
        relevantKept = 0;
        relevantNeverClicked = 0;
    }

    PerItem novelty() {
        return novelty.freeze();
    }
}
