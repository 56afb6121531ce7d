package org.distill4ads.distill.report;

import java.util.List;
import java.util.Locale;
import org.distill4ads.distill.eval.Agreement;
import org.distill4ads.distill.eval.SystemMetrics;

/**
 * The results tables of an evaluation, built once and rendered by {@link Table} for both the
 * report (Markdown) and the console (text). A figure that cannot be known (no truth) is "–".
 */
public final class ResultsTables {
    private ResultsTables() {
    }

    /** Quality at k: true precision, recall, NDCG, novelty and judged precision, with each system's description. */
    public static Table quality(List<SystemMetrics> systems, int k) {
        Table t = new Table(List.of("system", "what", "true P@" + k, "recall@" + k, "NDCG@" + k, "novelty", "judged P@" + k),
                List.of(Table.Align.LEFT, Table.Align.LEFT, Table.Align.RIGHT, Table.Align.RIGHT, Table.Align.RIGHT,
                        Table.Align.RIGHT, Table.Align.RIGHT));
        for (SystemMetrics s : systems) {
            t.row(s.system(), s.label(), f(s.truePrecision()), f(s.recall()), f(s.ndcg()), f(s.novelty()), f(s.judgedPrecision()));
        }
        return t;
    }

    /** The console's table: quality at k and the median latency, one short row per system. */
    public static Table console(List<SystemMetrics> systems, int k) {
        Table t = Table.named("system", "true P@" + k, "recall@" + k, "NDCG@" + k, "novelty", "judged P@" + k, "p50 ms");
        for (SystemMetrics s : systems) {
            t.row(s.system(), f(s.truePrecision()), f(s.recall()), f(s.ndcg()), f(s.novelty()), f(s.judgedPrecision()),
                    String.format(Locale.ROOT, "%.2f", s.latencyMedianMs()));
        }
        return t;
    }

    /** De-duplication, filtering, coverage and latency. */
    public static Table funnel(List<SystemMetrics> systems) {
        Table t = Table.named("system", "dedup rate", "filter pass rate", "kept per item", "coverage", "latency median ms",
                "latency p95 ms");
        for (SystemMetrics s : systems) {
            t.row(s.system(), f(s.dedupRate()), f(s.filterPassRate()), String.format(Locale.ROOT, "%.1f", s.keptPerItem()),
                    f(s.coverage()), String.format(Locale.ROOT, "%.2f", s.latencyMedianMs()),
                    String.format(Locale.ROOT, "%.2f", s.latencyP95Ms()));
        }
        return t;
    }

    /** The students' correlation with the teacher. */
    public static Table agreement(List<Agreement> agreements) {
        Table t = Table.named("system", "pairs", "Pearson r", "Spearman ρ");
        for (Agreement a : agreements) {
            t.row(a.system(), String.valueOf(a.pairs()), String.format(Locale.ROOT, "%.3f", a.pearson()),
                    String.format(Locale.ROOT, "%.3f", a.spearman()));
        }
        return t;
    }

    /** A figure to 3 decimals, "–" when unknown (NaN). */
    public static String f(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }
}
