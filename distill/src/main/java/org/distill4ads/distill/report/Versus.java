package org.distill4ads.distill.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.eval.Bootstrap;
import org.distill4ads.distill.eval.Comparison;
import org.distill4ads.distill.eval.SystemItems;
import org.distill4ads.distill.eval.SystemMetrics;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.Variant;

/**
 * The comparison every report makes: each student against the clicks-only student at the same
 * Matryoshka size, and BM25 against clicks only at the full size, by the paired bootstrap over the
 * held-out items ({@link Bootstrap#standard} seeded by the run's seed).
 */
public final class Versus {
    private Versus() {
    }

    /** The baseline's name for each system compared: {@code clicks@d} for {@code v@d}, {@code clicks@full} for BM25. */
    public static Map<String, String> clicksOnly(EvaluationResults r) {
        int full = r.systems().stream().mapToInt(SystemMetrics::dim).max().orElse(0);
        Map<String, String> out = new LinkedHashMap<>();
        for (SystemMetrics s : r.systems()) {
            String base = s.dim() == 0 ? Variant.CLICKS.id() + "@" + full : Variant.CLICKS.id() + "@" + s.dim();
            if (!s.system().equals(base) && r.system(base) != null) {
                out.put(s.system(), base);
            }
        }
        return out;
    }

    /** Intervals and paired differences against clicks only; without per-item figures (older results), none. */
    public static Comparison of(EvaluationResults r, long seed) {
        List<SystemItems> perItem = r.perItem() == null ? List.of() : r.perItem();
        return new Comparison(perItem, perItem.isEmpty() ? Map.of() : clicksOnly(r), Bootstrap.standard(seed));
    }
}
