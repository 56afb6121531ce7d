package org.distill4ads.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.distill4ads.distill.data.ClickRecord;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.distill.eval.Auc;
import org.distill4ads.distill.eval.Bootstrap;
import org.distill4ads.distill.eval.ItemMetric;
import org.distill4ads.distill.eval.PerItem;
import org.distill4ads.distill.eval.SystemItems;
import org.distill4ads.distill.loss.EmbeddingBatch;
import org.distill4ads.distill.loss.EmbeddingLoss;
import org.distill4ads.distill.loss.MatryoshkaLoss;
import org.distill4ads.distill.loss.MultipleNegativesRankingLoss;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.EvaluationStage;
import org.distill4ads.distill.pipeline.MarketplaceSource;
import org.distill4ads.distill.pipeline.PairExample;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.RunContext;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.StudentStage;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.distill.sim.SimulatedJudge;
import org.distill4ads.distill.train.OptimizerSettings;
import org.distill4ads.distill.train.ProgressMode;
import org.distill4ads.distill.train.Sampling;
import org.distill4ads.distill.train.Trainer;
import org.distill4ads.distill.train.TrainerConfig;
import org.distill4ads.distill.train.TrainingTask;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Why Pearson distillation does not beat clicks only (docs/results.md): reads a complete default run
 * (seed 42 configuration) and prints (1) how well each training signal agrees with the truth on the
 * pairs it covers, (2) paired differences between students other than against clicks only, (3) the
 * Pearson − clicks difference on slices of the held-out items, and with {@code train} (4) trains two
 * more students from the run's initial weights, 400 steps each — Pearson distillation from an oracle
 * teacher (the simulated judge's labels on the same pairs) and clicks + Pearson without SR — and
 * evaluates them with clicks only by the pipeline's protocol.
 *
 * <pre>java -cp ... org.distill4ads.bench.DistillationDiagnostics RUN_DIR [train OUT_DIR]</pre>
 */
public final class DistillationDiagnostics {
    private DistillationDiagnostics() {
    }

    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(args[0]);
        PipelineConfig config = PipelineConfig.defaults();
        RunLayout layout = new RunLayout(runDir);
        RunContext c = new RunContext(config, layout, MarketplaceSource.simulated(config.marketplace()), null, ProgressMode.NONE,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Marketplace m = c.marketplace();
        Truth truth = m.truth();
        Set<String> training = c.trainingIds();
        List<RelevanceScore> teacher = DataFiles.readRelevance(layout.teacherScores());
        SimulatedJudge judge = SimulatedJudge.of(truth, config.marketplace());

        System.out.println("## 1. Signals against the truth (training items)");
        List<RelevanceScore> t = teacher.stream().filter(r -> training.contains(r.itemId())).toList();
        List<RelevanceScore> sr = m.relevance().stream().filter(r -> training.contains(r.itemId())).toList();
        List<RelevanceScore> oracle = t.stream().map(r -> new RelevanceScore(r.itemId(), r.keyphrase(),
                judge.label(r.itemId(), r.keyphrase()))).toList();
        signal("teacher scores (assistant) on the distillation pairs", t, truth);
        signal("oracle teacher (judge labels) on the distillation pairs", oracle, truth);
        signal("SR scores on the SR pairs", sr, truth);
        Map<String, Long> clickedPairs = new HashMap<>();
        for (ClickRecord r : m.clicks()) {
            if (r.clicks() > 0 && training.contains(r.itemId())) {
                clickedPairs.merge(r.itemId() + "\t" + r.keyphrase(), r.clicks(), Long::sum);
            }
        }
        long clickedExact = clickedPairs.keySet().stream().filter(k -> truth.grade(k.split("\t")[0], k.split("\t")[1]) >= 2).count();
        long exactPairs = 0;
        for (String id : training) {
            exactPairs += truth.relevantTo(id).size();
        }
        System.out.printf(Locale.ROOT, "clicks: %d clicked pairs, %.3f of them grade 2; they cover %.3f of the %d grade-2 pairs of"
                + " training items%n", clickedPairs.size(), clickedExact / (double) clickedPairs.size(),
                clickedExact / (double) exactPairs, exactPairs);
        long teacherExact = t.stream().filter(r -> truth.grade(r.itemId(), r.keyphrase()) >= 2).count();
        long teacherExactUnclicked = t.stream().filter(r -> truth.grade(r.itemId(), r.keyphrase()) >= 2
                && !clickedPairs.containsKey(r.itemId() + "\t" + r.keyphrase())).count();
        System.out.printf(Locale.ROOT, "distillation pairs: %d of grade 2 (%.3f of all grade-2 pairs of training items), %d of"
                + " them never clicked%n", teacherExact, teacherExact / (double) exactPairs, teacherExactUnclicked);
        batchCorrelation("teacher", t, truth, 32, 42);
        batchCorrelation("SR", sr, truth, 32, 42);

        EvaluationResults r = EvaluationResults.read(layout.evaluation());
        Bootstrap b = Bootstrap.standard(config.seed());
        System.out.println("\n## 2. Paired differences (d = 64)");
        String[][] pairs = {{"pearson@64", "clicks@64"}, {"pearson@64", "clicks-sr@64"}, {"clicks-sr@64", "clicks@64"},
            {"mse@64", "clicks-sr@64"}, {"pearson@64", "mse@64"}};
        for (String[] p : pairs) {
            differences(r, b, p[0], p[1], null, "");
        }

        System.out.println("\n## 3. Pearson@64 − clicks@64 on slices of the held-out items");
        List<Item> items = c.split().heldOut();
        Map<String, Long> allClicks = new HashMap<>();
        for (ClickRecord cr : m.clicks()) {
            if (cr.clicks() > 0) {
                allClicks.merge(cr.itemId() + "\t" + cr.keyphrase(), cr.clicks(), Long::sum);
            }
        }
        int[] slice = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            String id = items.get(i).id();
            Set<String> rel = truth.relevantTo(id);
            long clicked = rel.stream().filter(k -> allClicks.containsKey(id + "\t" + k)).count();
            double share = rel.isEmpty() ? 1 : clicked / (double) rel.size();
            slice[i] = share < 1.0 / 3 ? 0 : share < 2.0 / 3 ? 1 : 2;
        }
        String[] names = {"under 1/3 of its grade-2 keyphrases ever clicked", "1/3 to 2/3 clicked", "over 2/3 clicked"};
        for (int s = 0; s < 3; s++) {
            boolean[] keep = new boolean[items.size()];
            int n = 0;
            for (int i = 0; i < keep.length; i++) {
                keep[i] = slice[i] == s;
                n += keep[i] ? 1 : 0;
            }
            differences(r, b, "pearson@64", "clicks@64", keep, names[s] + " (" + n + " items): ");
        }

        if (args.length > 2 && args[1].equals("train")) {
            train(c, config, m, training, teacher, judge, Path.of(args[2]));
        }
    }

    private static void signal(String what, List<RelevanceScore> scores, Truth truth) {
        double[] s = new double[scores.size()];
        double[] g = new double[scores.size()];
        float[] f = new float[scores.size()];
        boolean[] exact = new boolean[scores.size()];
        int positives = 0;
        for (int i = 0; i < s.length; i++) {
            RelevanceScore r = scores.get(i);
            s[i] = r.score();
            f[i] = (float) r.score();
            g[i] = truth.grade(r.itemId(), r.keyphrase());
            exact[i] = g[i] >= 2;
            positives += exact[i] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%s: %d pairs, %.3f grade 2; AUC (grade 2) %.3f, Pearson r with the grade %.3f, Spearman %.3f%n",
                what, s.length, positives / (double) s.length, Auc.of(f, exact), new PearsonsCorrelation().correlation(s, g),
                new SpearmansCorrelation().correlation(s, g));
    }

    /** Mean Pearson r of score and grade within random batches: what the Pearson loss sees per step. */
    private static void batchCorrelation(String what, List<RelevanceScore> scores, Truth truth, int batch, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        double sum = 0;
        int n = 0;
        for (int rep = 0; rep < 500; rep++) {
            double[] s = new double[batch];
            double[] g = new double[batch];
            for (int i = 0; i < batch; i++) {
                RelevanceScore r = scores.get(rnd.nextInt(scores.size()));
                s[i] = r.score();
                g[i] = truth.grade(r.itemId(), r.keyphrase());
            }
            double v = new PearsonsCorrelation().correlation(s, g);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        System.out.printf(Locale.ROOT, "%s: mean Pearson r of score and grade within random batches of %d: %.3f (%d batches)%n",
                what, batch, sum / n, n);
    }

    private static void differences(EvaluationResults r, Bootstrap b, String system, String baseline, boolean[] keep, String prefix) {
        SystemItems a = items(r, system);
        SystemItems z = items(r, baseline);
        StringBuilder line = new StringBuilder(prefix.isEmpty() ? system + " − " + baseline + ": " : prefix);
        for (ItemMetric metric : new ItemMetric[] {ItemMetric.TRUE_PRECISION, ItemMetric.RECALL, ItemMetric.NDCG, ItemMetric.NOVELTY}) {
            Bootstrap.Difference d = b.difference(subset(a.of(metric), keep), subset(z.of(metric), keep));
            line.append(String.format(Locale.ROOT, "%s %+.3f [%+.3f, %+.3f] %s; ", metric.label(10), d.interval().estimate(),
                    d.interval().lower(), d.interval().upper(), d.verdict().text()));
        }
        System.out.println(line);
    }

    private static PerItem subset(PerItem p, boolean[] keep) {
        if (keep == null) {
            return p;
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                rows.add(new double[] {p.numerators()[i], p.denominators()[i]});
            }
        }
        return new PerItem(rows.stream().mapToDouble(x -> x[0]).toArray(), rows.stream().mapToDouble(x -> x[1]).toArray());
    }

    private static SystemItems items(EvaluationResults r, String system) {
        return r.perItem().stream().filter(s -> s.system().equals(system)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no per-item figures of " + system));
    }

    private static void train(RunContext c, PipelineConfig config, Marketplace m, Set<String> training, List<RelevanceScore> teacher,
                              SimulatedJudge judge, Path out) throws Exception {
        Map<String, Item> byId = m.itemsById();
        PipelineConfig.StudentTraining st = config.student();
        StudentStage.Signals real = StudentStage.Signals.of(m.clicks(), m.relevance(), teacher, c.layout().teacherScores(), byId, training);
        List<RelevanceScore> oracleScores = teacher.stream().map(r -> new RelevanceScore(r.itemId(), r.keyphrase(),
                judge.label(r.itemId(), r.keyphrase()))).toList();
        StudentStage.Signals oracleSignals = StudentStage.Signals.of(m.clicks(), m.relevance(), oracleScores,
                c.layout().teacherScores(), byId, training);
        // (a) the paper's student with the oracle teacher
        BiEncoder a = StudentStage.fresh(c.tokenizer(), config.model(), st.dims(), c.seeds());
        StudentStage.train(new StudentStage.Input(a, Variant.PEARSON, oracleSignals, st, c.seeds(), out.resolve("training-oracle"),
                ProgressMode.LOG, out.resolve("oracle")));
        // (b) clicks + Pearson from the assistant, no SR task (two tasks, round robin, the same 400 steps)
        BiEncoder bi = StudentStage.fresh(c.tokenizer(), config.model(), st.dims(), c.seeds());
        EmbeddingLoss mnrl = MatryoshkaLoss.forModel(bi, new MultipleNegativesRankingLoss());
        EmbeddingLoss pearson = MatryoshkaLoss.forModel(bi, Variant.PEARSON.distillationLoss());
        List<TrainingTask<?>> tasks = List.of(
                TrainingTask.of("clicks", real.clicks(), st.batchSize(), batch -> mnrl.compute(EmbeddingBatch.pairs(
                        bi.forward(batch.stream().map(PairExample::item).toList()),
                        bi.forward(batch.stream().map(PairExample::keyphrase).toList()))))
                        .withNoDuplicates(p -> List.of("item\t" + p.item(), "keyphrase\t" + p.keyphrase())),
                TrainingTask.of("teacher", real.teacher(), st.batchSize(), batch -> pearson.compute(EmbeddingBatch.scored(
                        bi.forward(batch.stream().map(PairExample::item).toList()),
                        bi.forward(batch.stream().map(PairExample::keyphrase).toList()),
                        Nd4j.createFromArray(toFloats(batch))))));
        TrainerConfig tc = TrainerConfig.defaults(out.resolve("training-nosr")).withSeed(c.seeds().training()).withEpochs(1)
                .withMaxSteps(st.steps()).withSampling(Sampling.ROUND_ROBIN)
                .withOptimizer(OptimizerSettings.defaults().withLearningRate(st.learningRate())).withCheckpoints(100, 1)
                .withProgress(ProgressMode.LOG, 100);
        new Trainer(bi, tasks, tc, null).resumeLatest();
        bi.eval();
        ModelFiles.save(bi, out.resolve("nosr"));
        a.eval();
        Map<Variant, BiEncoder> students = new LinkedHashMap<>();
        students.put(Variant.CLICKS, c.student(Variant.CLICKS));
        students.put(Variant.PEARSON, a);   // reported as pearson@…: the oracle teacher
        students.put(Variant.MSE, bi);      // reported as mse@…: clicks + Pearson, no SR
        List<Item> items = c.split().heldOut();
        List<PairExample> clicked = PairExample.clicked(m.clicks(), byId, training::contains);
        EvaluationResults r = EvaluationStage.evaluate(new EvaluationStage.Input(items, m, c.judge(), c.assistant(), students,
                c.candidates(), clicked, config.evaluation(), config.sampling(), c.seeds(), "diagnostics"), Map.of(), System.out);
        r.write(out.resolve("results.json"));
        Bootstrap b = Bootstrap.standard(config.seed());
        System.out.println("\n## 4. Trained here (pearson@ = oracle teacher, mse@ = clicks + Pearson without SR)");
        for (String s : List.of("pearson@64", "mse@64", "pearson@32", "mse@32")) {
            differences(r, b, s, "clicks@" + s.substring(s.indexOf('@') + 1), null, "");
        }
    }

    private static float[] toFloats(List<PairExample> batch) {
        float[] f = new float[batch.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = batch.get(i).target();
        }
        return f;
    }
}
