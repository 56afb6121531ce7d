package org.distill4ads.distill.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.distill4ads.distill.eval.Bootstrap;
import org.distill4ads.distill.eval.Comparison;
import org.distill4ads.distill.eval.ItemMetric;
import org.distill4ads.distill.eval.SystemMetrics;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * What several seeds of the whole system say together: each system's figures as mean ± standard
 * deviation across the seeds' runs, and, seed by seed, the paired difference of Pearson
 * distillation minus clicks only at the full size — does its direction hold on every seed, and is
 * it significant on every seed.
 *
 * @param seeds      the seeds, in run order
 * @param k          recommendations kept per item
 * @param full       the students' full size compared
 * @param spreads    per system, per metric: the mean and standard deviation across seeds
 * @param directions per metric compared (true precision, recall, novelty): each seed's difference
 * @param assistantAuc each seed's assistant AUC against the truth (positive = grade 2), NaN where unknown
 */
public record SeedSummary(List<Long> seeds, int k, int full, List<Spread> spreads, List<Direction> directions,
                          List<Double> assistantAuc) {
    /** The metrics whose direction the summary follows across seeds: the paper's claim. */
    public static final List<ItemMetric> CLAIM = List.of(ItemMetric.TRUE_PRECISION, ItemMetric.RECALL, ItemMetric.NDCG,
            ItemMetric.NOVELTY);
    private static final List<ItemMetric> SHOWN = List.of(ItemMetric.TRUE_PRECISION, ItemMetric.RECALL, ItemMetric.NDCG,
            ItemMetric.NOVELTY, ItemMetric.JUDGED_PRECISION);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One system's metric across seeds.
     *
     * @param values each seed's figure, in seed order (NaN where unknown)
     * @param mean   their mean; NaN when any is unknown
     * @param sd     their sample standard deviation (n − 1); NaN for one seed
     */
    public record Spread(String system, ItemMetric metric, List<Double> values, double mean, double sd) {
    }

    /**
     * Pearson − clicks only on one metric, seed by seed.
     *
     * @param differences each seed's paired difference (estimate, lower, upper)
     * @param verdicts    each seed's verdict from its interval
     * @param holds       the point difference is above zero on every seed
     * @param significant the verdict is a win on every seed
     */
    public record Direction(ItemMetric metric, List<Bootstrap.Interval> differences, List<Bootstrap.Verdict> verdicts,
                            boolean holds, boolean significant) {
    }

    /** The summary of {@code results}, one per seed in the same order, with {@code k} kept per item. */
    public static SeedSummary of(List<Long> seeds, List<EvaluationResults> results, int k) {
        if (seeds.isEmpty() || seeds.size() != results.size()) {
            throw new IllegalArgumentException("need one evaluation per seed, got " + seeds.size() + " seeds and "
                    + results.size() + " evaluations");
        }
        int full = results.get(0).systems().stream().mapToInt(SystemMetrics::dim).max().orElse(0);
        List<Spread> spreads = new ArrayList<>();
        for (SystemMetrics s : results.get(0).systems()) {
            for (ItemMetric m : SHOWN) {
                List<Double> values = new ArrayList<>();
                for (EvaluationResults r : results) {
                    SystemMetrics row = r.system(s.system());
                    values.add(row == null ? Double.NaN : ResultsTables.value(row, m));
                }
                spreads.add(new Spread(s.system(), m, values, mean(values), sd(values)));
            }
        }
        List<Direction> directions = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            comparisons.add(Versus.of(results.get(i), seeds.get(i)));
        }
        String paper = "pearson@" + full;
        for (ItemMetric m : CLAIM) {
            List<Bootstrap.Interval> d = new ArrayList<>();
            List<Bootstrap.Verdict> v = new ArrayList<>();
            boolean holds = true;
            boolean significant = true;
            for (Comparison c : comparisons) {
                Bootstrap.Difference diff = c.difference(paper, m);
                Bootstrap.Interval i = diff == null ? Bootstrap.Interval.UNDEFINED : diff.interval();
                Bootstrap.Verdict verdict = diff == null ? Bootstrap.Verdict.NO_SIGNIFICANT_DIFFERENCE : diff.verdict();
                d.add(i);
                v.add(verdict);
                holds &= i.estimate() > 0;
                significant &= verdict == Bootstrap.Verdict.WIN;
            }
            directions.add(new Direction(m, d, v, holds, significant));
        }
        List<Double> auc = new ArrayList<>();
        for (EvaluationResults r : results) {
            auc.add(r.assistantAuc() == null ? Double.NaN : r.assistantAuc().auc());
        }
        return new SeedSummary(List.copyOf(seeds), k, full, spreads, directions, List.copyOf(auc));
    }

    /** {@code summary.md}: the claim across seeds first, then every system's mean ± sd. */
    public String markdown() {
        StringBuilder md = new StringBuilder("# distill4ads across seeds\n\n");
        md.append("Seeds ").append(seeds).append(": each a whole run of the system (its own data, split, models and training) in `seed-<seed>/`.\n\n");
        md.append("## Pearson distillation minus clicks only at d = ").append(full).append(", seed by seed\n\n");
        md.append("Each cell: the paired difference on that seed's held-out items, its bootstrap 95% interval and verdict.\n\n");
        List<String> headers = new ArrayList<>(List.of("metric"));
        seeds.forEach(s -> headers.add("seed " + s));
        headers.add("direction on every seed");
        headers.add("win on every seed");
        Table t = Table.named(headers.toArray(String[]::new));
        for (Direction d : directions) {
            List<String> row = new ArrayList<>(List.of(d.metric().label(k)));
            for (int i = 0; i < seeds.size(); i++) {
                row.add(ResultsTables.difference(new Bootstrap.Difference(d.differences().get(i), d.verdicts().get(i))));
            }
            row.add(d.holds() ? "yes" : "no");
            row.add(d.significant() ? "yes" : "no");
            t.row(row.toArray(String[]::new));
        }
        md.append(t.markdown()).append('\n').append(verdict()).append("\n\n");
        if (assistantAuc != null && assistantAuc.stream().anyMatch(a -> !Double.isNaN(a))) {
            md.append("Assistant AUC against the truth on each seed's held-out candidate pairs (positive = grade 2): ");
            for (int i = 0; i < seeds.size(); i++) {
                md.append(i == 0 ? "" : ", ").append("seed ").append(seeds.get(i)).append(' ')
                        .append(Double.isNaN(assistantAuc.get(i)) ? "–" : String.format(Locale.ROOT, "%.3f", assistantAuc.get(i)));
            }
            List<Double> known = assistantAuc.stream().filter(a -> !Double.isNaN(a)).toList();
            md.append(known.size() < 2 ? ".\n\n"
                    : String.format(Locale.ROOT, "; mean %.3f ± %.3f%s.%n%n", mean(known), sd(known),
                            known.size() < seeds.size() ? " over the " + known.size() + " seeds whose results record it" : ""));
        }
        md.append("## Every system: mean ± standard deviation across seeds\n\n");
        List<String> h = new ArrayList<>(List.of("system"));
        SHOWN.forEach(m -> h.add(m.label(k)));
        Table all = Table.named(h.toArray(String[]::new));
        Map<String, List<Spread>> bySystem = new LinkedHashMap<>();
        spreads.forEach(s -> bySystem.computeIfAbsent(s.system(), x -> new ArrayList<>()).add(s));
        for (Map.Entry<String, List<Spread>> e : bySystem.entrySet()) {
            List<String> row = new ArrayList<>(List.of(e.getKey()));
            e.getValue().forEach(s -> row.add(meanSd(s)));
            all.row(row.toArray(String[]::new));
        }
        md.append(all.markdown());
        md.append("\nThe standard deviation is the sample one (n − 1) over the seeds' figures; each seed's own report (`seed-<seed>/report.md`) has the intervals over its held-out items.\n");
        return md.toString();
    }

    /** The one-line answer: does the paper's direction hold on every seed. */
    public String verdict() {
        boolean holds = directions.stream().filter(d -> d.metric() != ItemMetric.NDCG).allMatch(Direction::holds);
        boolean wins = directions.stream().filter(d -> d.metric() != ItemMetric.NDCG).allMatch(Direction::significant);
        String claim = "Pearson distillation above clicks only on true precision@" + k + ", recall@" + k + " and novelty";
        if (wins) {
            return "**Across seeds.** " + claim + " on every one of the " + seeds.size() + " seeds, each a significant win.";
        }
        if (holds) {
            return "**Across seeds.** " + claim + " on every one of the " + seeds.size()
                    + " seeds, but not a significant win on every seed (see the verdicts).";
        }
        return "**Across seeds.** The direction does not hold: " + claim + " fails on at least one of the " + seeds.size()
                + " seeds.";
    }

    /** Writes {@code summary.md} and {@code summary.json} into {@code dir}. */
    public void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve("summary.md"), markdown());
        AtomicFiles.writeString(dir.resolve("summary.json"), JSON.writeValueAsString(this));
    }

    static String meanSd(Spread s) {
        if (Double.isNaN(s.mean())) {
            return "–";
        }
        return Double.isNaN(s.sd()) ? String.format(Locale.ROOT, "%.3f", s.mean())
                : String.format(Locale.ROOT, "%.3f ± %.3f", s.mean(), s.sd());
    }

    static double mean(List<Double> v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.size();
    }

    static double sd(List<Double> v) {
        if (v.size() < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.size() - 1));
    }
}
