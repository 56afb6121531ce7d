package org.distill4ads.distill.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.distill4ads.distill.eval.Agreement;
import org.distill4ads.distill.eval.Bootstrap;
import org.distill4ads.distill.eval.Comparison;
import org.distill4ads.distill.eval.ItemMetric;
import org.distill4ads.distill.eval.SystemMetrics;

/**
 * The results tables of an evaluation, built once and rendered by {@link Table} for both the
 * report (Markdown) and the console (text). A figure that cannot be known (no truth) is "–".
 */
public final class ResultsTables {
    private ResultsTables() {
    }

    /** The quality metrics of the tables, in column order. */
    private static final List<ItemMetric> QUALITY = List.of(ItemMetric.TRUE_PRECISION, ItemMetric.RECALL, ItemMetric.NDCG,
            ItemMetric.NOVELTY, ItemMetric.JUDGED_PRECISION);

    /**
     * Quality at k: true precision, recall, NDCG, novelty and judged precision, each with its
     * bootstrap interval from {@code c}, and each system's description.
     */
    public static Table quality(List<SystemMetrics> systems, int k, Comparison c) {
        List<String> headers = new ArrayList<>(List.of("system", "what"));
        List<Table.Align> aligns = new ArrayList<>(List.of(Table.Align.LEFT, Table.Align.LEFT));
        for (ItemMetric m : QUALITY) {
            headers.add(m.label(k));
            aligns.add(Table.Align.RIGHT);
        }
        Table t = new Table(headers, aligns);
        for (SystemMetrics s : systems) {
            List<String> row = new ArrayList<>(List.of(s.system(), s.label()));
            for (ItemMetric m : QUALITY) {
                row.add(ci(value(s, m), c.interval(s.system(), m)));
            }
            t.row(row.toArray(String[]::new));
        }
        return t;
    }

    /** The console's table: quality at k with intervals and the median latency, one row per system. */
    public static Table console(List<SystemMetrics> systems, int k, Comparison c) {
        List<String> headers = new ArrayList<>(List.of("system"));
        QUALITY.forEach(m -> headers.add(m.label(k)));
        headers.add("p50 ms");
        Table t = Table.named(headers.toArray(String[]::new));
        for (SystemMetrics s : systems) {
            List<String> row = new ArrayList<>(List.of(s.system()));
            for (ItemMetric m : QUALITY) {
                row.add(ci(value(s, m), c.interval(s.system(), m)));
            }
            row.add(String.format(Locale.ROOT, "%.2f", s.latencyMedianMs()));
            t.row(row.toArray(String[]::new));
        }
        return t;
    }

    /**
     * Each system against its baseline (clicks only): the paired difference of each quality metric
     * with its interval and verdict; systems without a baseline are left out.
     */
    public static Table differences(List<SystemMetrics> systems, int k, Comparison c) {
        List<String> headers = new ArrayList<>(List.of("system", "minus"));
        QUALITY.forEach(m -> headers.add("Δ " + m.label(k)));
        Table t = new Table(headers, headers.stream().map(h -> h.startsWith("Δ") ? Table.Align.RIGHT : Table.Align.LEFT).toList());
        for (SystemMetrics s : systems) {
            String base = c.baseline(s.system());
            if (base == null) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(s.system(), base));
            for (ItemMetric m : QUALITY) {
                row.add(difference(c.difference(s.system(), m)));
            }
            t.row(row.toArray(String[]::new));
        }
        return t;
    }

    /** A figure with its interval, "0.421 [0.401, 0.440]"; the figure alone when the interval is unknown. */
    public static String ci(double value, Bootstrap.Interval i) {
        if (Double.isNaN(value) || Double.isNaN(i.lower())) {
            return f(value);
        }
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", value, i.lower(), i.upper());
    }

    /** A paired difference, "+0.018 [+0.004, +0.031] win"; "–" when unknown. */
    public static String difference(Bootstrap.Difference d) {
        if (d == null || Double.isNaN(d.interval().estimate())) {
            return "–";
        }
        Bootstrap.Interval i = d.interval();
        return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f] %s", i.estimate(), i.lower(), i.upper(), shortText(d.verdict()));
    }

    /** "win", "loss" or "n.s." (no significant difference). */
    static String shortText(Bootstrap.Verdict v) {
        return v == Bootstrap.Verdict.NO_SIGNIFICANT_DIFFERENCE ? "n.s." : v.text();
    }

    /** The figure a row holds for a metric. */
    static double value(SystemMetrics s, ItemMetric m) {
        return switch (m) {
            case TRUE_PRECISION -> s.truePrecision();
            case RECALL -> s.recall();
            case NDCG -> s.ndcg();
            case NOVELTY -> s.novelty();
            case JUDGED_PRECISION -> s.judgedPrecision();
            case COVERAGE -> s.coverage();
            case KEPT_PER_ITEM -> s.keptPerItem();
            case DEDUP_RATE -> s.dedupRate();
            case FILTER_PASS_RATE -> s.filterPassRate();
        };
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
