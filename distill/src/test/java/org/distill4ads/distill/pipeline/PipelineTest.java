package org.distill4ads.distill.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4ads.distill.eval.ItemMetric;
import org.distill4ads.distill.eval.SystemMetrics;
import org.distill4ads.distill.report.Report;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny end-to-end run, stage skipping, stage order, configuration checks, determinism and the report. */
class PipelineTest {
    @TempDir
    static Path shared;
    static Path run;
    static String firstLog;

    @BeforeAll
    static void runOnce() throws IOException {
        run = shared.resolve("run");
        firstLog = TinyRuns.run(run);
    }

    @Test
    void everyStageRunsAndTheEvaluationCoversEverySystem() throws IOException {
        Pipeline p = TinyRuns.pipeline(run, TinyRuns.config(), new ByteArrayOutputStream());
        for (String stage : p.stages()) {
            assertTrue(firstLog.contains("[" + stage + "] done"), stage + " in\n" + firstLog);
            assertTrue(p.layout().isDone(stage), stage);
        }
        EvaluationResults r = EvaluationResults.read(p.layout().evaluation());
        assertEquals(5, r.systems().size(), "2 students x 2 sizes + BM25");
        for (String name : new String[] {"clicks@16", "clicks@8", "pearson@16", "pearson@8", "bm25"}) {
            SystemMetrics s = r.system(name);
            assertNotNull(s, name);
            assertEquals(20, s.items());
            for (double v : new double[] {s.truePrecision(), s.recall(), s.ndcg(), s.coverage(), s.dedupRate(), s.filterPassRate()}) {
                assertTrue(v >= 0 && v <= 1, name + " " + s);
            }
            assertTrue(s.keptPerItem() <= 5, s.toString());
        }
        assertEquals(4, r.agreements().size());
        assertTrue(Files.isRegularFile(p.layout().student(Variant.PEARSON).resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(p.layout().judgments()));
    }

    @Test
    void thePerItemFiguresAddUpToEachSystemsFigures() throws IOException {
        EvaluationResults r = EvaluationResults.read(run.resolve("evaluation/results.json"));
        assertEquals(r.systems().size(), r.perItem().size());
        for (org.distill4ads.distill.eval.SystemItems items : r.perItem()) {
            SystemMetrics s = r.system(items.system());
            assertNotNull(s, items.system());
            double[][] expect = {
                    {s.truePrecision(), items.of(ItemMetric.TRUE_PRECISION).value()},
                    {s.recall(), items.of(ItemMetric.RECALL).value()},
                    {s.ndcg(), items.of(ItemMetric.NDCG).value()},
                    {s.novelty(), items.of(ItemMetric.NOVELTY).value()},
                    {s.judgedPrecision(), items.of(ItemMetric.JUDGED_PRECISION).value()},
                    {s.coverage(), items.of(ItemMetric.COVERAGE).value()},
                    {s.keptPerItem(), items.of(ItemMetric.KEPT_PER_ITEM).value()},
                    {s.dedupRate(), items.of(ItemMetric.DEDUP_RATE).value()},
                    {s.filterPassRate(), items.of(ItemMetric.FILTER_PASS_RATE).value()}};
            for (double[] e : expect) {
                assertEquals(e[0], e[1], 1e-12, items.system());
            }
            for (ItemMetric m : ItemMetric.values()) {
                assertEquals(s.items(), items.of(m).size(), items.system() + " " + m);
            }
        }
    }

    @Test
    void resultsJsonHoldsTheAssistantsAucWithItsDefinition() throws IOException {
        EvaluationResults.AssistantAuc a = EvaluationResults.read(run.resolve("evaluation/results.json")).assistantAuc();
        assertNotNull(a);
        assertTrue(a.definition().startsWith("positive = grade 2"), a.definition());
        // the held-out candidate pairs again, and their AUC by brute force over positive x negative pairs
        PipelineConfig c = TinyRuns.config();
        RunContext ctx = new RunContext(c, new RunLayout(run), MarketplaceSource.simulated(c.marketplace()), null,
                org.distill4ads.distill.train.ProgressMode.NONE, new java.io.PrintStream(new ByteArrayOutputStream()));
        var items = ctx.split().heldOut().subList(0, Math.min(c.evaluation().maxItems(), ctx.split().heldOut().size()));
        var pairs = ctx.candidates().draw(items, c.sampling().distillCandidates(), c.sampling().distillRandom(),
                ctx.seeds().agreementDraw());
        float[] p = ctx.assistant().predict(org.distill4ads.distill.judge.JudgePair.texts(pairs),
                org.distill4ads.distill.eval.Batches.CROSS_ENCODER);
        double wins = 0;
        long positives = 0;
        long both = 0;
        for (int i = 0; i < pairs.size(); i++) {
            if (ctx.marketplace().truth().grade(pairs.get(i).item().id(), pairs.get(i).keyphrase()) < 2) {
                continue;
            }
            positives++;
            for (int j = 0; j < pairs.size(); j++) {
                if (ctx.marketplace().truth().grade(pairs.get(j).item().id(), pairs.get(j).keyphrase()) < 2) {
                    wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                    both++;
                }
            }
        }
        assertEquals(pairs.size(), a.pairs());
        assertEquals(positives, a.positives());
        assertEquals(wins / both, a.auc(), 1e-9);
        Path report = Report.write(new RunLayout(run), c, EvaluationResults.read(run.resolve("evaluation/results.json")));
        assertTrue(Files.readString(report).contains(String.format(java.util.Locale.ROOT,
                "- assistant AUC: %.4f on %d held-out candidate pairs", a.auc(), a.pairs())));
    }

    @Test
    void aRerunSkipsEveryCompleteStage() throws IOException {
        byte[] before = Files.readAllBytes(run.resolve("evaluation/results.json"));
        String log = TinyRuns.run(run);
        for (String stage : TinyRuns.pipeline(run, TinyRuns.config(), new ByteArrayOutputStream()).stages()) {
            assertTrue(log.contains("[" + stage + "] complete, skipped"), log);
        }
        assertFalse(log.contains("running"), log);
        assertArrayEquals(before, Files.readAllBytes(run.resolve("evaluation/results.json")));
    }

    @Test
    void aStageRunsAloneOnlyAfterItsInputs() throws IOException {
        Path dir = shared.resolve("alone");
        Pipeline p = TinyRuns.pipeline(dir, TinyRuns.config(), new ByteArrayOutputStream());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.runStage("teacher-scores"));
        assertTrue(e.getMessage().contains("'cross-encoder'"), e.getMessage());
        p.runStage("data");
        p.runStage("tokenizer");
        assertTrue(p.layout().isDone("tokenizer"));
        assertFalse(p.layout().isDone("labels"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> p.runStage("nonsense"));
        assertTrue(bad.getMessage().contains("nonsense") && bad.getMessage().contains("teacher-scores"), bad.getMessage());
    }

    @Test
    void anIncompleteStageIsRedoneAndOnlyItsSuccessorsThatAreIncomplete() throws IOException {
        Path dir = shared.resolve("redo");
        TinyRuns.run(dir);
        RunLayout layout = new RunLayout(dir);
        layout.clear("student-pearson");
        layout.clear("evaluation");
        String log = TinyRuns.run(dir);
        assertTrue(log.contains("[student-clicks] complete, skipped"), log);
        assertTrue(log.contains("[student-pearson] done"), log);
        assertTrue(log.contains("[evaluation] done"), log);
        // the resumed student ends with the same weights as an uninterrupted one
        assertArrayEquals(Files.readAllBytes(run.resolve("students/pearson/model.safetensors")),
                Files.readAllBytes(dir.resolve("students/pearson/model.safetensors")));
    }

    @Test
    void theSameSeedGivesTheSameModelsAndLabels() throws IOException {
        Path other = shared.resolve("again");
        TinyRuns.run(other);
        for (String f : new String[] {"labels/judgments.tsv", "teacher-scores.tsv", "cross-encoder/model.safetensors",
                "students/clicks/model.safetensors", "students/pearson/model.safetensors", "data/clicks.tsv"}) {
            assertArrayEquals(Files.readAllBytes(run.resolve(f)), Files.readAllBytes(other.resolve(f)), f);
        }
    }

    @Test
    void modelsCanStartFromSavedFolders() throws IOException {
        Path dir = shared.resolve("warm");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TinyRuns.pipeline(dir, TinyRuns.config(), log)
                .withInitialModels(run.resolve("cross-encoder"), run.resolve("students/clicks"))
                .run();
        String text = log.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("cross-encoder (started from " + run.resolve("cross-encoder") + ")"), text);
        assertTrue(text.contains("(started from " + run.resolve("students/clicks") + ")"), text);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(run.resolve("students/pearson/model.safetensors")),
                Files.readAllBytes(dir.resolve("students/pearson/model.safetensors"))), "another starting point, other weights");
        assertTrue(Files.readString(dir.resolve("config.json")).contains("initial_student"));
        // the same folder without the initial models is another run
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TinyRuns.pipeline(dir, TinyRuns.config(), new ByteArrayOutputStream()).run());
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void anotherConfigurationInTheSameFolderIsRefused() {
        Pipeline p = TinyRuns.pipeline(run, TinyRuns.config().withSeed(6), new ByteArrayOutputStream());
        IllegalStateException e = assertThrows(IllegalStateException.class, p::run);
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void theReportHasTheTableTheVerdictAndReadablePlots() throws IOException {
        Pipeline p = TinyRuns.pipeline(run, TinyRuns.config(), new ByteArrayOutputStream());
        Path report = Report.write(p.layout(), p.config(), EvaluationResults.read(p.layout().evaluation()));
        String md = Files.readString(report);
        assertTrue(md.contains("## Ablation"), md);
        assertTrue(md.contains("| pearson@16 |") && md.contains("| bm25 |"), md);
        assertTrue(md.contains("**Verdict.**"), md);
        // every figure of the ablation carries its interval, every difference against clicks only its verdict
        assertTrue(md.matches("(?s).*\\| pearson@16 \\| [^|]+ \\| \\d\\.\\d{3} \\[\\d\\.\\d{3}, \\d\\.\\d{3}\\] \\|.*"), md);
        assertTrue(md.contains("### Differences against clicks only"), md);
        assertTrue(md.matches("(?s).*\\| pearson@16 \\| clicks@16 \\| [+-]\\d\\.\\d{3} \\[[+-]\\d\\.\\d{3}, [+-]\\d\\.\\d{3}\\] (win|loss|n\\.s\\.) \\|.*"), md);
        assertTrue(md.contains("| bm25 | clicks@16 |"), md);
        assertTrue(md.contains("percentile bootstrap over the 20 held-out items, 1000 resamples, 95%, seed 5"), md);
        assertTrue(md.contains("## Sample recommendations"), md);
        for (String png : new String[] {"loss-cross-encoder.png", "loss-student-pearson.png", "precision-vs-dim.png",
                "recall-vs-dim.png", "latency-vs-dim.png"}) {
            Path f = p.layout().plots().resolve(png);
            byte[] bytes = Files.readAllBytes(f);
            assertTrue(bytes.length > 5000, png + " has " + bytes.length + " bytes");
            assertEquals((byte) 0x89, bytes[0]);
            assertEquals('P', bytes[1]);
            assertTrue(md.contains("plots/" + png), png);
        }
    }

    @Test
    void configJsonRecordsEveryTrainerSettingOfBothModels() throws IOException {
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("config.json").toFile());
        var defaults = org.distill4ads.distill.train.OptimizerSettings.defaults();
        for (String model : new String[] {"cross-encoder", "students"}) {
            var t = root.path("training").path(model);
            assertEquals(new Seeds(5).training(), t.path("seed").asLong(), model + ": " + t); // mixed from the run's seed 5
            assertEquals("ROUND_ROBIN", t.path("sampling").asText(), model);
            assertEquals(Training.CHECKPOINT_EVERY, t.path("checkpointEvery").asInt(), model);
            assertEquals(defaults.weightDecay(), t.path("optimizer").path("weightDecay").asDouble(), model);
            assertEquals(defaults.warmupRatio(), t.path("optimizer").path("warmupRatio").asDouble(), model);
            assertEquals(defaults.maxGradNorm(), t.path("optimizer").path("maxGradNorm").asDouble(), model);
            assertEquals("FAIL", t.path("onNonFinite").asText(), model);
        }
        assertEquals(12, root.path("training").path("cross-encoder").path("maxSteps").asLong());
        assertEquals(3e-3, root.path("training").path("students").path("optimizer").path("learningRate").asDouble());
        assertEquals(9, root.path("training").path("students").path("maxSteps").asLong());
    }
}
