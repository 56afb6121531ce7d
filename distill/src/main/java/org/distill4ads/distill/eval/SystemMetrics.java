package org.distill4ads.distill.eval;

/**
 * The evaluation protocol's figures for one system (a student at one Matryoshka size, or the
 * lexical baseline) over the held-out items. Figures that need the truth are {@code NaN} when it
 * is not known.
 *
 * @param system           short name, e.g. {@code pearson@32} or {@code bm25}
 * @param label            what the system is, for tables
 * @param dim              embedding size searched (0 for BM25)
 * @param items            held-out items evaluated
 * @param judgedPrecision  share of the kept recommendations the judge calls relevant
 * @param truePrecision    share of the kept recommendations that are truly relevant (exact matches)
 * @param recall           truly relevant keyphrases kept in the top k, over all truly relevant keyphrases of the item
 * @param ndcg             NDCG@k with graded gains (2 exact, 1 partial)
 * @param coverage         share of items with at least one kept recommendation
 * @param novelty          share of truly relevant kept recommendations that never earned a click
 *                         (judged relevant, when the truth is not known)
 * @param dedupRate        share of retrieved candidates dropped as duplicates
 * @param filterPassRate   share of de-duplicated candidates that pass the relevance filter
 * @param keptPerItem      mean recommendations kept per item (at most k)
 * @param latencyMedianMs  median time to embed one item and search the index, milliseconds
 * @param latencyP95Ms     95th percentile of the same
 */
public record SystemMetrics(String system, String label, int dim, int items, double judgedPrecision,
                            double truePrecision, double recall, double ndcg, double coverage, double novelty,
                            double dedupRate, double filterPassRate, double keptPerItem, double latencyMedianMs,
                            double latencyP95Ms) {
}
