package org.distill4ads.distill.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.distill4ads.distill.eval.Bootstrap;
import org.distill4ads.distill.eval.Comparison;
import org.distill4ads.distill.eval.ItemMetric;
import org.distill4ads.distill.eval.SystemMetrics;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.StudentStage;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * Writes a pipeline run's self-contained report: {@code report.md} with the ablation table, the
 * protocol's figures per Matryoshka size, the students' agreement with the teacher and sample
 * recommendations, and PNG plots in {@code plots/} (training loss per task, precision and recall
 * against the embedding size, latency against the size).
 */
public final class Report {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private Report() {
    }

    /** Writes {@code report.md} and the plots of a run whose evaluation stage is complete; returns the report's path. */
    public static Path write(RunLayout layout, PipelineConfig config, EvaluationResults r) throws IOException {
        Files.createDirectories(layout.plots());
        List<String> plots = new ArrayList<>();
        plots.addAll(trainingPlots(layout, config));
        plots.addAll(dimensionPlots(layout, config, r));
        StringBuilder md = new StringBuilder();
        int k = config.evaluation().k();
        int full = fullSize(r);
        Comparison c = Versus.of(r, config.seed());
        md.append("# distill4ads run report\n\n");
        md.append("- data: ").append(r.source()).append('\n');
        md.append("- judge: ").append(r.judge()).append('\n');
        md.append("- seed: ").append(config.seed()).append("; held-out items evaluated: ").append(r.heldOutItems())
                .append("; candidates retrieved per item: ").append(config.evaluation().candidates())
                .append("; kept: k = ").append(k).append('\n');
        md.append(String.format(Locale.ROOT, "- relevance filter: the cross-encoder at probability >= %.3f (keeps %.0f%% of clicked training pairs)%n",
                r.threshold(), 100 * config.evaluation().filterShare()));
        PipelineConfig.AssistantModel am = config.assistant().model();
        String assistant = am.pretrained()
                ? am.base() + " (first " + am.layers() + " layers, " + am.pooling().name().toLowerCase(Locale.ROOT)
                        + " pooling, pairs of " + am.maxLength() + " tokens" + (am.freezeWordEmbeddings() ? ", word embeddings frozen" : "") + ")"
                : "trained from scratch at the students' size";
        md.append("- students: WordPiece vocabulary ").append(config.model().vocabulary()).append(", BERT hidden ")
                .append(config.model().hidden()).append(", ").append(config.model().layers()).append(" layers, ")
                .append(config.model().heads()).append(" heads; each student ").append(config.student().steps())
                .append(" steps (batch ").append(config.student().batchSize()).append(")\n");
        md.append("- cross-encoder (assistant): ").append(assistant).append("; ").append(config.assistant().steps())
                .append(" steps (batch ").append(config.assistant().batchSize()).append(", learning rate ")
                .append(config.assistant().learningRate()).append("); input keyphrase [SEP] category [SEP] title\n");
        if (r.assistantAuc() != null) {
            EvaluationResults.AssistantAuc a = r.assistantAuc();
            md.append(String.format(Locale.ROOT, "- assistant AUC: %.4f on %d held-out candidate pairs (%d positive); %s%n",
                    a.auc(), a.pairs(), a.positives(), a.definition()));
        }
        md.append('\n');
        md.append(verdict(r, c, full, k)).append("\n\n");
        md.append(intervalsNote(r, c)).append("\n\n");

        md.append("## Ablation (full size, d = ").append(full).append(")\n\n");
        md.append("True figures count exact matches of the hidden truth; novelty is the share of truly relevant kept keyphrases that never earned a click.\n\n");
        List<SystemMetrics> ablation = new ArrayList<>();
        List<SystemMetrics> sizes = new ArrayList<>();
        for (Variant v : config.variants()) {
            List<SystemMetrics> student = sizesOf(r, v);
            student.stream().filter(s -> s.dim() == full).forEach(ablation::add);
            sizes.addAll(student);
        }
        if (r.system("bm25") != null) {
            ablation.add(r.system("bm25"));
        }
        md.append(ResultsTables.quality(ablation, k, c).markdown());
        md.append("\n### Differences against clicks only (paired, same items)\n\n");
        md.append("Each cell: system − clicks only at the same size (BM25: at d = ").append(full)
                .append("), its 95% interval, and the verdict the interval gives (win: above zero, loss: below zero, n.s.: contains zero).\n\n");
        md.append(ResultsTables.differences(r.systems(), k, c).markdown());
        md.append("\n## Every Matryoshka size\n\n");
        md.append(ResultsTables.quality(sizes, k, c).markdown());
        md.append("\nDe-duplication and filtering: share of retrieved candidates dropped as duplicates, and share of the rest passing the filter.\n\n");
        md.append(ResultsTables.funnel(r.systems()).markdown());
        md.append("\n## Agreement of students with the teacher\n\n");
        md.append("Correlation of the student's cosine with the cross-encoder's probability on candidate pairs of the held-out items.\n\n");
        md.append(ResultsTables.agreement(r.agreements()).markdown());
        md.append("\n## Plots\n\n");
        for (String p : plots) {
            md.append("![").append(p).append("](plots/").append(p).append(")\n\n");
        }
        md.append("## Sample recommendations\n\n");
        md.append("Grade from the truth: 2 exact, 1 partial, 0 irrelevant (-1 unknown).\n\n");
        for (EvaluationResults.Sample s : r.samples()) {
            md.append("### ").append(s.system()).append(": ").append(s.item()).append(" (").append(s.itemId()).append(")\n\n");
            md.append("| kept keyphrase | similarity | filter p | grade |\n|---|---:|---:|---:|\n");
            for (EvaluationResults.Kept kp : s.kept()) {
                md.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %d |%n", kp.keyphrase(), kp.similarity(), f(kp.relevance()), kp.grade()));
            }
            md.append("\n| dropped | why | similarity | filter p | grade |\n|---|---|---:|---:|---:|\n");
            int shown = 0;
            for (EvaluationResults.Dropped d : s.dropped()) {
                if (shown++ == 8) {
                    md.append("| … ").append(s.dropped().size() - 8).append(" more | | | | |\n");
                    break;
                }
                String why = d.reason().equals("DUPLICATE") ? "duplicate of \"" + d.duplicateOf() + "\"" : "filtered";
                md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %s | %d |%n", d.keyphrase(), why, d.similarity(), f(d.relevance()), d.grade()));
            }
            md.append('\n');
        }
        md.append("## Stages\n\n| stage | seconds (this process) |\n|---|---:|\n");
        for (Map.Entry<String, Double> e : r.stageSeconds().entrySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), e.getValue()));
        }
        md.append("\nArtifacts: `data/`, `labels/judgments.tsv`, `tokenizer/`, `cross-encoder/`, `teacher-scores.tsv`, `students/<variant>/`, `training/<model>/metrics.jsonl`, `evaluation/results.json`.\n");
        AtomicFiles.writeString(layout.report(), md.toString());
        return layout.report();
    }

    /** How the intervals were computed, for the reader of the report. */
    static String intervalsNote(EvaluationResults r, Comparison c) {
        if (r.perItem() == null || r.perItem().isEmpty()) {
            return "_These results were written without per-item figures, so they carry no intervals; rerun `evaluate`._";
        }
        Bootstrap b = c.bootstrap();
        return String.format(Locale.ROOT, "Intervals: percentile bootstrap over the %d held-out items, %d resamples, %.0f%%, seed %d; "
                        + "differences are paired (both systems on the same resampled items). See docs/results.md for how to read them.",
                r.heldOutItems(), b.resamples(), 100 * b.level(), b.seed());
    }

    /**
     * The honest one-paragraph answer: did Pearson distillation beat clicks only, decided by the
     * paired intervals — "beats" when the difference is a win on true precision, recall and novelty,
     * "is worse than" when it is a loss on precision or recall and a win on neither, and otherwise
     * "does not significantly beat". Without per-item figures it compares the point estimates.
     */
    static String verdict(EvaluationResults r, Comparison c, int full, int k) {
        String clicksName = "clicks@" + full;
        String paperName = "pearson@" + full;
        SystemMetrics clicks = r.system(clicksName);
        SystemMetrics paper = r.system(paperName);
        if (clicks == null || paper == null) {
            return "_The run did not train both the clicks-only and the Pearson student, so there is no verdict._";
        }
        if (Double.isNaN(paper.truePrecision())) {
            return String.format(Locale.ROOT, "**Verdict (judged).** Pearson distillation vs clicks only: judged precision@%d %.3f vs %.3f (%s).",
                    k, paper.judgedPrecision(), clicks.judgedPrecision(),
                    change(paper.judgedPrecision(), clicks.judgedPrecision(), c.difference(paperName, ItemMetric.JUDGED_PRECISION)));
        }
        Bootstrap.Difference dp = c.difference(paperName, ItemMetric.TRUE_PRECISION);
        Bootstrap.Difference dr = c.difference(paperName, ItemMetric.RECALL);
        Bootstrap.Difference dn = c.difference(paperName, ItemMetric.NOVELTY);
        String outcome;
        if (dp == null || dr == null || dn == null) {
            outcome = paper.truePrecision() > clicks.truePrecision() && paper.recall() > clicks.recall()
                    ? "beats (point estimates only, no intervals)" : "does not beat (point estimates only, no intervals)";
        } else if (dp.verdict() == Bootstrap.Verdict.WIN && dr.verdict() == Bootstrap.Verdict.WIN
                && dn.verdict() == Bootstrap.Verdict.WIN) {
            outcome = "beats";
        } else if ((dp.verdict() == Bootstrap.Verdict.LOSS || dr.verdict() == Bootstrap.Verdict.LOSS)
                && dp.verdict() != Bootstrap.Verdict.WIN && dr.verdict() != Bootstrap.Verdict.WIN) {
            outcome = "is worse than";
        } else {
            outcome = "does not significantly beat";
        }
        return String.format(Locale.ROOT,
                "**Verdict.** At d = %d, Pearson distillation (clicks + SR + teacher) %s clicks only: true precision@%d %.3f vs %.3f (%s), "
                        + "recall@%d %.3f vs %.3f (%s), NDCG@%d %.3f vs %.3f (%s), novelty %.3f vs %.3f (%s).",
                full, outcome, k, paper.truePrecision(), clicks.truePrecision(), change(paper.truePrecision(), clicks.truePrecision(), dp),
                k, paper.recall(), clicks.recall(), change(paper.recall(), clicks.recall(), dr),
                k, paper.ndcg(), clicks.ndcg(), change(paper.ndcg(), clicks.ndcg(), c.difference(paperName, ItemMetric.NDCG)),
                paper.novelty(), clicks.novelty(), change(paper.novelty(), clicks.novelty(), dn));
    }

    /** "+0.018, 95% interval [+0.004, +0.031]: win", or the bare difference without an interval. */
    private static String change(double a, double b, Bootstrap.Difference d) {
        if (d == null || Double.isNaN(d.interval().lower())) {
            return delta(a, b);
        }
        return String.format(Locale.ROOT, "%+.3f, 95%% interval [%+.3f, %+.3f]: %s", d.interval().estimate(), d.interval().lower(),
                d.interval().upper(), d.verdict().text());
    }

    private static String delta(double a, double b) {
        return String.format(Locale.ROOT, "%+.3f", a - b);
    }

    /** A student's rows at each Matryoshka size it was evaluated at (the sizes its saved model carries), largest first. */
    private static List<SystemMetrics> sizesOf(EvaluationResults r, Variant v) {
        return r.systems().stream().filter(s -> s.system().equals(v.id() + "@" + s.dim())).toList();
    }

    /** The students' full size: the largest size evaluated. */
    private static int fullSize(EvaluationResults r) {
        return r.systems().stream().mapToInt(SystemMetrics::dim).max().orElse(0);
    }

    private static String f(double v) {
        return ResultsTables.f(v);
    }

    /**
     * Per training of the run (the cross-encoder, then each student) with a metrics log: its loss
     * per task, and its evaluations during training when it had any; the loss plots first.
     */
    private static List<String> trainingPlots(RunLayout layout, PipelineConfig config) throws IOException {
        List<String> loss = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        List<String> models = new ArrayList<>(List.of("cross-encoder"));
        config.variants().forEach(v -> models.add(StudentStage.name(v)));
        for (String model : models) {
            Path metrics = layout.training(model).resolve("metrics.jsonl");
            if (!Files.isRegularFile(metrics)) {
                continue;
            }
            Map<String, List<double[]>> curves = TrainingCurves.read(metrics);
            if (!curves.isEmpty()) {
                String name = "loss-" + model + ".png";
                Charts.line(layout.plots().resolve(name), "Training loss per task: " + model + " (moving average of 20 steps)",
                        "step", "loss", TrainingCurves.series("", curves, 20), false, false, WIDTH, HEIGHT);
                loss.add(name);
            }
            Map<String, List<double[]>> evaluations = TrainingCurves.readEvaluations(metrics);
            if (!evaluations.isEmpty()) {
                String name = "validation-" + model + ".png";
                Charts.line(layout.plots().resolve(name), "Validation during training: " + model, "step", "value",
                        TrainingCurves.series("", evaluations, 1), true, false, WIDTH, HEIGHT);
                validation.add(name);
            }
        }
        loss.addAll(validation);
        return loss;
    }

    private static List<String> dimensionPlots(RunLayout layout, PipelineConfig config, EvaluationResults r) throws IOException {
        int k = config.evaluation().k();
        List<Charts.Series> precision = new ArrayList<>();
        List<Charts.Series> recall = new ArrayList<>();
        List<Charts.Series> latency = new ArrayList<>();
        for (Variant v : config.variants()) {
            List<Double> x = new ArrayList<>();
            List<Double> p = new ArrayList<>();
            List<Double> rc = new ArrayList<>();
            List<Double> lat = new ArrayList<>();
            List<SystemMetrics> sizes = sizesOf(r, v);
            for (int i = sizes.size() - 1; i >= 0; i--) {
                SystemMetrics s = sizes.get(i);
                x.add((double) s.dim());
                p.add(Double.isNaN(s.truePrecision()) ? s.judgedPrecision() : s.truePrecision());
                rc.add(Double.isNaN(s.recall()) ? 0 : s.recall());
                lat.add(s.latencyMedianMs());
            }
            if (!x.isEmpty()) {
                precision.add(new Charts.Series(v.label(), x, p));
                recall.add(new Charts.Series(v.label(), x, rc));
                latency.add(new Charts.Series(v.label(), x, lat));
            }
        }
        List<String> out = new ArrayList<>();
        if (precision.isEmpty()) {
            return out;
        }
        Charts.line(layout.plots().resolve("precision-vs-dim.png"), "Precision@" + k + " against the Matryoshka size",
                "embedding size", "precision@" + k, precision, true, false, WIDTH, HEIGHT);
        Charts.line(layout.plots().resolve("recall-vs-dim.png"), "Recall@" + k + " against the Matryoshka size",
                "embedding size", "recall@" + k, recall, true, false, WIDTH, HEIGHT);
        Charts.line(layout.plots().resolve("latency-vs-dim.png"), "Median latency (embed one item + exact search) against the size",
                "embedding size", "milliseconds", latency, true, false, WIDTH, HEIGHT);
        out.add("precision-vs-dim.png");
        out.add("recall-vs-dim.png");
        out.add("latency-vs-dim.png");
        return out;
    }
}
