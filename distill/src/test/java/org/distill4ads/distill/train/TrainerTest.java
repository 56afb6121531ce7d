package org.distill4ads.distill.train;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.loss.MatryoshkaLoss;
import org.distill4ads.distill.loss.MultipleNegativesRankingLoss;
import org.distill4ads.distill.loss.PearsonCorrelationLoss;
import org.distill4ads.distill.train.ToyData.Pair;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** End-to-end runs of the trainer on a tiny siamese encoder and synthetic pairs. */
class TrainerTest {
    @TempDir
    Path dir;

    private final ToyData data = new ToyData(3);
    private final List<Pair> clicks = data.clicks(96);
    private final List<Pair> teacher = data.teacherPairs(64);

    private static List<TrainingTask<?>> tasks(ToyEncoder model, List<Pair> clicks, List<Pair> teacher) {
        MultipleNegativesRankingLoss mnrl = new MultipleNegativesRankingLoss();
        MatryoshkaLoss pearson = new MatryoshkaLoss(new PearsonCorrelationLoss(), 8, 4);
        return List.of(
                TrainingTask.of("clicks", clicks, 8, batch -> mnrl.compute(ToyData.embed(model, batch, false))),
                TrainingTask.of("teacher", teacher, 8, batch -> pearson.compute(ToyData.embed(model, batch, true))));
    }

    private TrainerConfig config(Path runDir) {
        return TrainerConfig.defaults(runDir).withSeed(5).withEpochs(4)
                .withOptimizer(OptimizerSettings.defaults().withLearningRate(1e-2).withWeightDecay(0.0))
                .withProgress(ProgressMode.NONE, 10).withCheckpoints(0, 1);
    }

    /** Mean loss of a task over all its examples, in evaluation mode, in batches of 8. */
    private static double meanLoss(ToyEncoder model, TrainingTask<Pair> task) {
        model.eval();
        double sum = 0;
        int n = 0;
        try (Tape tape = Tape.noGrad()) {
            for (int i = 0; i + 8 <= task.examples().size(); i += 8) {
                sum += task.loss().loss(task.examples().subList(i, i + 8)).item();
                n++;
            }
        } finally {
            model.train(true);
        }
        return sum / n;
    }

    @SuppressWarnings("unchecked")
    @Test
    void twoTaskToyRunLowersBothLosses() throws IOException {
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.1, 1);
        List<TrainingTask<?>> tasks = tasks(model, clicks, teacher);
        double clicksBefore = meanLoss(model, (TrainingTask<Pair>) tasks.get(0));
        double teacherBefore = meanLoss(model, (TrainingTask<Pair>) tasks.get(1));
        Trainer trainer = new Trainer(model, tasks, config(dir), null);
        assertEquals(4 * (12 + 8), trainer.totalSteps());
        TrainingResult result = trainer.fit();
        double clicksAfter = meanLoss(model, (TrainingTask<Pair>) tasks.get(0));
        double teacherAfter = meanLoss(model, (TrainingTask<Pair>) tasks.get(1));
        assertEquals(80, result.steps());
        assertTrue(clicksAfter < 0.7 * clicksBefore, "clicks " + clicksBefore + " -> " + clicksAfter);
        assertTrue(teacherAfter < 0.7 * teacherBefore, "teacher " + teacherBefore + " -> " + teacherAfter);

        // One metrics line per step, each naming its task; both tasks appear 4 x 12 and 4 x 8 times.
        List<JsonNode> lines = MetricsLog.read(dir.resolve("metrics.jsonl"));
        assertEquals(80, lines.size());
        assertEquals(48, lines.stream().filter(l -> l.get("task").asText().equals("clicks")).count());
        JsonNode first = lines.get(0);
        for (String key : List.of("step", "epoch", "task", "loss", "lr", "grad_norm", "time_s", "skipped")) {
            assertTrue(first.has(key), "metrics line lacks " + key + ": " + first);
        }
        assertEquals(1, first.get("step").asLong());
        assertTrue(first.get("grad_norm").asDouble() > 0);
    }

    @Test
    void resumingAfterAnInterruptionGivesTheSameWeightsBitForBit() throws IOException {
        // Reference: one uninterrupted run (dropout on, gradient accumulation, clipping, warm-up).
        TrainerConfig base = config(dir).withEpochs(2).withAccumulationSteps(2)
                .withOptimizer(OptimizerSettings.defaults().withLearningRate(5e-3).withMaxGradNorm(0.5));
        ToyEncoder reference = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.2, 1);
        new Trainer(reference, tasks(reference, clicks, teacher), base.withCheckpoints(0, 1)
                .withEvaluation(0, null), null).fit();

        // Interrupted run: checkpoints every 4 steps; requestStop() after step 7 writes a checkpoint at 7.
        Path run = dir.resolve("interrupted");
        TrainerConfig cfg = base.withCheckpoints(4, 2);
        ToyEncoder first = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.2, 1);
        Trainer[] holder = new Trainer[1];
        holder[0] = new Trainer(first, tasks(first, clicks, teacher), cfgAt(cfg, run).withEvaluation(1, null), step -> {
            if (step == 7) {
                holder[0].requestStop();
            }
            return Map.of();
        });
        TrainingResult stopped = holder[0].fit();
        assertTrue(stopped.interrupted());
        assertEquals(7, stopped.steps());
        assertEquals(7, CheckpointStore.stepOf(stopped.lastCheckpoint()));

        // Crash: a fresh process (new model with other initial weights) resumes and then dies at step 13,
        // after the checkpoint of step 12.
        ToyEncoder second = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.2, 99);
        Trainer crashing = new Trainer(second, tasks(second, clicks, teacher), cfgAt(cfg, run).withEvaluation(1, null), step -> {
            if (step == 13) {
                throw new IllegalStateException("simulated crash");
            }
            return Map.of();
        });
        assertEquals("simulated crash", assertThrows(IllegalStateException.class, crashing::resumeLatest).getMessage());

        // Another fresh process resumes from step 12 and finishes.
        ToyEncoder third = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.2, 123);
        Trainer finishing = new Trainer(third, tasks(third, clicks, teacher), cfgAt(cfg, run), null);
        TrainingResult done = finishing.resumeLatest();
        assertEquals(finishing.totalSteps(), done.steps());

        Map<String, INDArray> expected = reference.stateDict();
        Map<String, INDArray> actual = third.stateDict();
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            float[] e = expected.get(name).dup().data().asFloat();
            float[] a = actual.get(name).dup().data().asFloat();
            assertEquals(e.length, a.length);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]),
                        name + "[" + i + "]: " + e[i] + " vs " + a[i]);
            }
        }
        // The resumed log holds every step exactly once.
        List<Long> steps = new ArrayList<>();
        for (JsonNode line : MetricsLog.read(run.resolve("metrics.jsonl"))) {
            if (!line.has("eval")) {
                steps.add(line.get("step").asLong());
            }
        }
        List<Long> expectedSteps = new ArrayList<>();
        for (long s = 1; s <= done.steps(); s++) {
            expectedSteps.add(s);
            expectedSteps.add(s); // two batches per step (accumulation 2)
        }
        assertEquals(expectedSteps, steps);
    }

    private static TrainerConfig cfgAt(TrainerConfig c, Path runDir) {
        return new TrainerConfig(runDir, c.seed(), c.epochs(), c.maxSteps(), c.sampling(), c.optimizer(),
                c.accumulationSteps(), c.evalEvery(), c.earlyStopping(), c.checkpointEvery(), c.keepCheckpoints(),
                c.onNonFinite(), c.progress(), c.logEvery());
    }

    @Test
    void fitRefusesAFolderWithCheckpointsAndResumeChecksTheConfiguration() throws IOException {
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        TrainerConfig cfg = config(dir).withEpochs(1).withCheckpoints(5, 1);
        new Trainer(model, tasks(model, clicks, teacher), cfg, null).fit();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Trainer(model, tasks(model, clicks, teacher), cfg, null).fit());
        assertTrue(e.getMessage().contains("already holds checkpoint"), e.getMessage());
        Path latest = new CheckpointStore(cfg.checkpointDir(), 1).latest().orElseThrow();
        IllegalArgumentException diff = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(model, tasks(model, clicks, teacher), cfg.withSeed(6), null).resume(latest));
        assertTrue(diff.getMessage().contains("seed 5 != 6"), diff.getMessage());
        // The final checkpoint marks the end: resuming it takes no step.
        TrainingResult again = new Trainer(model, tasks(model, clicks, teacher), cfg, null).resumeLatest();
        assertEquals(20, again.steps());
    }

    @Test
    void roundRobinAlternatesTasksInTheLog() throws IOException {
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        TrainerConfig cfg = config(dir).withEpochs(1).withSampling(Sampling.ROUND_ROBIN);
        Trainer trainer = new Trainer(model, tasks(model, clicks, teacher), cfg, null);
        assertEquals(16, trainer.totalSteps()); // 2 tasks x min(12, 8) batches
        trainer.fit();
        List<String> order = MetricsLog.read(cfg.metricsFile()).stream().map(l -> l.get("task").asText()).toList();
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i % 2 == 0 ? "clicks" : "teacher", order.get(i), "batch " + i);
        }
    }

    @Test
    void earlyStoppingStopsAfterPatienceEvaluationsWithoutImprovementAndKeepsTheBestModel() throws IOException {
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        // The metric improves at evaluations 1..3 and then gets worse: with patience 2 the run
        // stops at evaluation 5 (step 10), best = 0.3.
        double[] metric = {0.1, 0.2, 0.3, 0.25, 0.2, 0.9, 0.9};
        List<Long> evaluatedAt = new ArrayList<>();
        TrainerConfig cfg = config(dir).withEvaluation(2, EarlyStopping.of("ndcg", EarlyStopping.Mode.MAX, 2))
                .withCheckpoints(100, 1);
        Trainer trainer = new Trainer(model, tasks(model, clicks, teacher), cfg, step -> {
            evaluatedAt.add(step);
            assertFalse(model.isTraining(), "evaluation runs in eval mode");
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("ndcg", metric[evaluatedAt.size() - 1]);
            return m;
        });
        TrainingResult r = trainer.fit();
        assertTrue(r.stoppedEarly());
        assertEquals(List.of(2L, 4L, 6L, 8L, 10L), evaluatedAt);
        assertEquals(10, r.steps());
        assertEquals(0.3, r.bestMetric());
        assertTrue(Files.exists(dir.resolve("best-model.safetensors")));
        assertEquals(10, CheckpointStore.stepOf(r.lastCheckpoint()), "a checkpoint is written when the run stops");
        assertTrue(model.isTraining());
        // Evaluations are in the metrics log.
        long evalLines = MetricsLog.read(cfg.metricsFile()).stream().filter(l -> l.has("eval")).count();
        assertEquals(5, evalLines);
    }

    @Test
    void earlyStoppingNamesAMissingMetric() {
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        TrainerConfig cfg = config(dir).withEvaluation(1, EarlyStopping.of("loss", EarlyStopping.Mode.MIN, 1));
        Trainer trainer = new Trainer(model, tasks(model, clicks, teacher), cfg, step -> Map.of("ndcg", 1.0));
        IllegalStateException e = assertThrows(IllegalStateException.class, trainer::fit);
        assertTrue(e.getMessage().contains("metric 'loss'") && e.getMessage().contains("[ndcg]"), e.getMessage());
    }

    @Test
    void gradientAccumulationOfTwoHalvesEqualsOneFullBatchForAMeanLoss() throws IOException {
        // MSE over examples is a mean, and batches b and b+1 of size 4 are exactly batch b/2 of size 8
        // (same shuffled permutation), so both runs take the same steps up to float rounding.
        List<Pair> pairs = data.teacherPairs(32);
        ToyEncoder a = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        ToyEncoder b = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        org.distill4ads.distill.loss.MseLoss mse = new org.distill4ads.distill.loss.MseLoss();
        TrainerConfig cfg = config(dir.resolve("a")).withEpochs(2);
        new Trainer(a, List.of(TrainingTask.of("mse", pairs, 8, batch -> mse.compute(ToyData.embed(a, batch, true)))),
                cfg, null).fit();
        new Trainer(b, List.of(TrainingTask.of("mse", pairs, 4, batch -> mse.compute(ToyData.embed(b, batch, true)))),
                cfgAt(cfg, dir.resolve("b")).withAccumulationSteps(2), null).fit();
        for (Map.Entry<String, INDArray> e : a.stateDict().entrySet()) {
            INDArray other = b.stateDict().get(e.getKey());
            assertTrue(e.getValue().equalsWithEps(other, 1e-5), e.getKey() + ": " + e.getValue() + " vs " + other);
        }
    }

    @Test
    void progressModesRun() throws IOException {
        for (ProgressMode mode : new ProgressMode[] {ProgressMode.LOG, ProgressMode.BAR}) {
            ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
            Path run = dir.resolve(mode.name());
            TrainerConfig cfg = cfgAt(config(dir), run).withEpochs(1).withProgress(mode, 5);
            assertEquals(20, new Trainer(model, tasks(model, clicks, teacher), cfg, null).fit().steps());
        }
    }

    @Test
    void configurationErrorsNameTheValue() {
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(dir).withAccumulationSteps(0))
                .getMessage().contains("accumulationSteps must be at least 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> config(dir).withEvaluation(0, EarlyStopping.of("ndcg", EarlyStopping.Mode.MAX, 1)))
                .getMessage().contains("needs evaluations"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Trainer(model, tasks(model, clicks, teacher), config(dir).withEvaluation(5, null), null))
                .getMessage().contains("evalEvery = 5 needs an Evaluator"));
        List<TrainingTask<?>> twice = List.of(tasks(model, clicks, teacher).get(0), tasks(model, clicks, teacher).get(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Trainer(model, twice, config(dir), null))
                .getMessage().contains("two tasks are named 'clicks'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> OptimizerSettings.defaults().withLearningRate(-1)).getMessage().contains("learningRate is out of range: -1.0"));
    }

    @Test
    void aTaskThatReturnsAGraphlessLossIsNamed() {
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        TrainingTask<Pair> bad = TrainingTask.of("detached", teacher, 8,
                batch -> ToyData.embed(model, batch, true).anchors().detach().sum());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Trainer(model, List.of(bad), config(dir), null).fit());
        assertTrue(e.getMessage().contains("task 'detached'"), e.getMessage());
    }
}
