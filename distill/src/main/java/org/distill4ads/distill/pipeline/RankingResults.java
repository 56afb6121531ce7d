package org.distill4ads.distill.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * What the {@link RankingStage} measured on a human-judged set: per system, NDCG@k of the held-out
 * queries' condensed lists with its bootstrap interval, the paired differences against BM25 and
 * against the reference system (the clicks-only student at its largest size), the AUC against the binarized grades, and NDCG@k in the item →
 * keyphrase direction where products have enough judged queries. Written as JSON.
 *
 * @param queries      held-out queries whose judged products have at least two different grades
 * @param queriesLeft  held-out queries left out (fewer than two judged products, or all of one grade)
 * @param items        held-out products with at least two judged queries of different grades
 * @param pairs        judged (product, query) pairs of the held-out products (the AUC's pairs)
 * @param reference    the system the reference differences are taken against (clicks only at its largest size)
 */
public record RankingResults(String source, String judge, int k, int queries, int queriesLeft, int items, int pairs,
                             String reference, int resamples, double level, List<Ranked> systems) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** An interval: the estimate and its bounds (NaN when undefined). */
    public record Interval(double estimate, double lower, double upper) {
        String text() {
            return Double.isNaN(estimate) ? "n/a" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", estimate, lower, upper);
        }

        String signed() {
            return Double.isNaN(estimate) ? "n/a" : String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", estimate, lower, upper);
        }
    }

    /**
     * One system's figures.
     *
     * @param ndcg     query → products NDCG@k, mean over {@link #queries()}
     * @param vsBm25   paired difference of {@code ndcg} against BM25, with its verdict
     * @param vsReference paired difference against the {@linkplain #reference() reference} system, with its verdict
     * @param auc      AUC of the system's scores over the judged pairs against grade 2 (relevant)
     * @param itemNdcg product → queries NDCG@k, mean over {@link #items()} (NaN when none)
     */
    public record Ranked(String name, String label, Interval ndcg, Interval vsBm25, String verdictBm25, Interval vsReference,
                         String verdictReference, double auc, Interval itemNdcg) {
    }

    public RankingResults {
        systems = List.copyOf(systems);
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(this));
    }

    public static RankingResults read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), RankingResults.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not a readable ranking result (" + e.getMessage() + ")", e);
        }
    }

    /** The table as Markdown, with a line saying what was measured. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "NDCG@%d over the condensed lists of %d held-out queries (%d left out: fewer than two"
                + " judged products or one grade only), %d judged pairs for the AUC (relevant = grade 2), item -> keyphrase"
                + " NDCG@%d over %d held-out products with two or more judged queries of different grades; %.0f%% paired"
                + " bootstrap intervals over queries, %d resamples.%n%n", k, queries, queriesLeft, pairs, k, items, level * 100,
                resamples));
        sb.append("| system | NDCG@").append(k).append(" [95% CI] | vs BM25 | vs ").append(reference)
                .append(" | AUC | item -> keyphrase NDCG@").append(k).append(" |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Ranked s : systems) {
            sb.append("| ").append(s.name()).append(" (").append(s.label()).append(") | ").append(s.ndcg().text()).append(" | ")
                    .append(s.name().equals("bm25") ? "-" : s.vsBm25().signed() + " " + s.verdictBm25()).append(" | ")
                    .append(s.name().equals(reference) ? "-" : s.vsReference().signed() + " " + s.verdictReference()).append(" | ")
                    .append(Double.isNaN(s.auc()) ? "n/a" : String.format(Locale.ROOT, "%.3f", s.auc())).append(" | ")
                    .append(s.itemNdcg().text()).append(" |\n");
        }
        return sb.toString();
    }

    /** The systems by name. */
    public Map<String, Ranked> byName() {
        Map<String, Ranked> m = new java.util.LinkedHashMap<>();
        systems.forEach(s -> m.put(s.name(), s));
        return m;
    }
}
