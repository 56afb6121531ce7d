package org.distill4ads.distill.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.eval.Bootstrap;
import org.distill4ads.distill.eval.Comparison;
import org.distill4ads.distill.eval.ItemMetric;
import org.distill4ads.distill.eval.PerItem;
import org.distill4ads.distill.eval.SystemItems;
import org.distill4ads.distill.eval.SystemMetrics;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.junit.jupiter.api.Test;

/** The report's verdict and difference table come from the paired intervals, not from the point estimates. */
class VerdictTest {
    private static final int N = 200;

    /** Per-item values: {@code base} for every item plus {@code shift} on the items where {@code i % period == 0}. */
    private static double[] values(double base, double shift, int period) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = base + (i % 7) * 0.05 + (i % period == 0 ? shift : 0);
        }
        return v;
    }

    private static SystemItems items(String name, double[] p, double[] r, double[] n) {
        Map<ItemMetric, PerItem> m = new EnumMap<>(ItemMetric.class);
        m.put(ItemMetric.TRUE_PRECISION, PerItem.means(p));
        m.put(ItemMetric.RECALL, PerItem.means(r));
        m.put(ItemMetric.NDCG, PerItem.means(r));
        m.put(ItemMetric.NOVELTY, PerItem.means(n));
        return new SystemItems(name, m);
    }

    private static SystemMetrics row(String name, int dim, SystemItems s) {
        return new SystemMetrics(name, name, dim, N, Double.NaN, s.of(ItemMetric.TRUE_PRECISION).value(),
                s.of(ItemMetric.RECALL).value(), s.of(ItemMetric.NDCG).value(), 1, s.of(ItemMetric.NOVELTY).value(),
                0, 1, 10, 1, 1);
    }

    private static EvaluationResults results(SystemItems clicks, SystemItems pearson) {
        SystemItems bm25 = items("bm25", values(0.1, 0, 1), values(0.1, 0, 1), values(0.1, 0, 1));
        return new EvaluationResults("test", "test", 0.5, N,
                List.of(row("clicks@64", 64, clicks), row("pearson@64", 64, pearson), row("bm25", 0, bm25)),
                List.of(), List.of(), Map.of(), List.of(clicks, pearson, bm25));
    }

    private static String verdict(EvaluationResults r) {
        return Report.verdict(r, Versus.of(r, 1), 64, 10);
    }

    @Test
    void aWinOnPrecisionRecallAndNoveltyBeats() {
        SystemItems clicks = items("clicks@64", values(0.3, 0, 1), values(0.3, 0, 1), values(0.3, 0, 1));
        // +0.1 on every fourth item: the difference is small next to the spread between items, yet certain
        SystemItems pearson = items("pearson@64", values(0.3, 0.1, 4), values(0.3, 0.1, 4), values(0.3, 0.1, 4));
        String v = verdict(results(clicks, pearson));
        assertTrue(v.contains(" beats clicks only"), v);
        assertTrue(v.contains("+0.025, 95% interval [+0.0"), v);
        assertTrue(v.contains(": win"), v);
    }

    @Test
    void aLossOnPrecisionIsWorse() {
        SystemItems clicks = items("clicks@64", values(0.3, 0, 1), values(0.3, 0, 1), values(0.3, 0, 1));
        SystemItems pearson = items("pearson@64", values(0.3, -0.1, 4), values(0.3, 0, 1), values(0.3, 0.1, 4));
        String v = verdict(results(clicks, pearson));
        assertTrue(v.contains(" is worse than clicks only"), v);
        assertTrue(v.contains(": loss"), v);
    }

    @Test
    void aHigherPointEstimateWithoutASignificantDifferenceDoesNotBeat() {
        SystemItems clicks = items("clicks@64", values(0.3, 0, 1), values(0.3, 0, 1), values(0.3, 0, 1));
        // one item of 200 better: the point estimate is higher, the interval contains zero
        double[] p = values(0.3, 0, 1);
        p[0] += 0.5;
        SystemItems pearson = items("pearson@64", p, p, p);
        EvaluationResults r = results(clicks, pearson);
        assertTrue(r.system("pearson@64").truePrecision() > r.system("clicks@64").truePrecision());
        String v = verdict(r);
        assertTrue(v.contains(" does not significantly beat clicks only"), v);
        assertTrue(v.contains(": no significant difference"), v);
    }

    @Test
    void everySystemIsComparedWithClicksOnlyAtItsSizeAndBm25AtTheFullSize() {
        SystemItems clicks = items("clicks@64", values(0.3, 0, 1), values(0.3, 0, 1), values(0.3, 0, 1));
        SystemItems pearson = items("pearson@64", values(0.3, 0.1, 4), values(0.3, 0.1, 4), values(0.3, 0.1, 4));
        EvaluationResults r = results(clicks, pearson);
        assertEquals(Map.of("pearson@64", "clicks@64", "bm25", "clicks@64"), Versus.clicksOnly(r));
        Comparison c = Versus.of(r, 1);
        assertNull(c.difference("clicks@64", ItemMetric.TRUE_PRECISION));
        assertEquals(Bootstrap.Verdict.LOSS, c.difference("bm25", ItemMetric.TRUE_PRECISION).verdict());
        String table = ResultsTables.differences(r.systems(), 10, c).markdown();
        assertTrue(table.contains("| pearson@64 | clicks@64 | +0.025 ["), table);
        assertTrue(table.contains("] win |"), table);
        assertTrue(table.contains("] loss |"), table);
        assertTrue(!table.contains("| clicks@64 | clicks@64"), table);
        String quality = ResultsTables.quality(r.systems(), 10, c).markdown();
        Bootstrap.Interval i = c.interval("clicks@64", ItemMetric.TRUE_PRECISION);
        assertTrue(i.lower() < i.estimate() && i.estimate() < i.upper(), i.toString());
        assertTrue(quality.contains(ResultsTables.ci(i.estimate(), i)), quality);
    }

    @Test
    void resultsWithoutPerItemFiguresStillReport() {
        SystemItems clicks = items("clicks@64", values(0.3, 0, 1), values(0.3, 0, 1), values(0.3, 0, 1));
        SystemItems pearson = items("pearson@64", values(0.3, 0.1, 4), values(0.3, 0.1, 4), values(0.3, 0.1, 4));
        EvaluationResults with = results(clicks, pearson);
        EvaluationResults old = new EvaluationResults("test", "test", 0.5, N, with.systems(), List.of(), List.of(), Map.of(), null);
        String v = verdict(old);
        assertTrue(v.contains("beats (point estimates only, no intervals)"), v);
        assertTrue(Report.intervalsNote(old, Versus.of(old, 1)).contains("without per-item figures"));
        String bare = "| " + ResultsTables.f(old.system("clicks@64").truePrecision()) + " |";
        assertTrue(ResultsTables.quality(old.systems(), 10, Versus.of(old, 1)).markdown().contains(bare), bare);
    }
}
