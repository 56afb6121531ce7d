package org.distill4ads.distill.eval;

/**
 * The evaluation figures that are kept per held-out item ({@link PerItem}), so that
 * {@link Bootstrap} can put an interval around each and around each paired difference between
 * systems. Every one of them is "higher is better" except the de-duplication rate and the kept count,
 * which describe the funnel rather than its quality.
 */
public enum ItemMetric {
    /** Mean over items with something kept of the share of kept keyphrases truly relevant. */
    TRUE_PRECISION("true P@k"),
    /** Mean over items with a relevant keyphrase of the relevant share kept in the top k. */
    RECALL("recall@k"),
    /** Mean NDCG@k over the same items as recall. */
    NDCG("NDCG@k"),
    /** Pooled: relevant kept keyphrases never clicked over relevant kept keyphrases. */
    NOVELTY("novelty"),
    /** Pooled: kept keyphrases the judge calls relevant over kept keyphrases. */
    JUDGED_PRECISION("judged P@k"),
    /** Mean over all items of 1 when something was kept. */
    COVERAGE("coverage"),
    /** Mean over all items of the kept count. */
    KEPT_PER_ITEM("kept per item"),
    /** Pooled: retrieved candidates dropped as duplicates over retrieved candidates. */
    DEDUP_RATE("dedup rate"),
    /** Pooled: candidates passing the filter over de-duplicated candidates. */
    FILTER_PASS_RATE("filter pass rate");

    private final String label;

    ItemMetric(String label) {
        this.label = label;
    }

    /** The column name, with {@code k} written out. */
    public String label(int k) {
        return label.replace("@k", "@" + k);
    }
}
