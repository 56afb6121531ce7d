package org.distill4ads.distill.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.report.Report;
import org.distill4ads.distill.train.MetricsLog;
import org.distill4ads.distill.train.ProgressMode;
import org.distill4ads.transformer.model.BiEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation during training: the validation split, the logged figures, early stopping and the kept weights. */
class ValidationPipelineTest {
    @TempDir
    static Path dir;
    static PipelineConfig config;
    static String log;

    @BeforeAll
    static void runOnce() throws IOException {
        // every 2 steps, patience 1: a training stops at its first evaluation that does not improve
        config = TinyRuns.config().withValidation(new PipelineConfig.Validation(2, 0.2, 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TinyRuns.pipeline(dir, config, out).run();
        log = out.toString(StandardCharsets.UTF_8);
    }

    private static RunContext context() {
        return new RunContext(config, new RunLayout(dir), MarketplaceSource.simulated(config.marketplace()), null,
                ProgressMode.NONE, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** (step, value of metric) of each evaluation, and the last step trained, from a metrics log. */
    private static List<double[]> evaluations(Path metrics, String metric) throws IOException {
        List<double[]> out = new ArrayList<>();
        for (JsonNode n : MetricsLog.read(metrics)) {
            if (n.has("eval")) {
                out.add(new double[] {n.get("step").asDouble(), n.get("eval").get(metric).asDouble()});
            }
        }
        return out;
    }

    private static long lastStep(Path metrics) throws IOException {
        long last = 0;
        for (JsonNode n : MetricsLog.read(metrics)) {
            if (n.has("loss")) {
                last = Math.max(last, n.get("step").asLong());
            }
        }
        return last;
    }

    /** The step at which patience 1 stops a run of {@code steps}: the first evaluation not above the best before it. */
    private static long expectedStop(List<double[]> evals, long steps) {
        double best = Double.NaN;
        for (double[] e : evals) {
            if (!Double.isNaN(best) && !(e[1] > best)) {
                return (long) e[0];
            }
            best = Double.isNaN(best) ? e[1] : Math.max(best, e[1]);
        }
        return steps;
    }

    @Test
    void theValidationItemsAreTrainingItemsThatTrainNoModel() throws IOException {
        RunContext c = context();
        Set<String> validation = c.validationIds();
        Set<String> training = c.trainingIds();
        assertEquals(Math.round(training.size() * 0.2), validation.size());
        assertTrue(training.containsAll(validation));
        Marketplace m = MarketplaceFiles.read(new RunLayout(dir).data());
        int fitClicks = PairExample.clicked(m.clicks(), m.itemsById(), c.fitIds()::contains).size();
        int allClicks = PairExample.clicked(m.clicks(), m.itemsById(), training::contains).size();
        assertTrue(fitClicks < allClicks, fitClicks + " vs " + allClicks);
        assertTrue(log.contains(" on " + fitClicks + " clicked pairs"), log);
    }

    @Test
    void eachTrainingIsEvaluatedEveryNStepsAndStopsAtTheFirstEvaluationWithoutImprovement() throws IOException {
        RunLayout layout = new RunLayout(dir);
        Map<String, String> watched = Map.of(AssistantStage.NAME, Training.ASSISTANT_METRIC,
                StudentStage.name(Variant.CLICKS), Training.studentMetric(config.evaluation().k()),
                StudentStage.name(Variant.PEARSON), Training.studentMetric(config.evaluation().k()));
        Map<String, Integer> steps = Map.of(AssistantStage.NAME, config.assistant().steps(),
                StudentStage.name(Variant.CLICKS), config.student().steps(), StudentStage.name(Variant.PEARSON), config.student().steps());
        for (Map.Entry<String, String> w : watched.entrySet()) {
            Path metrics = layout.training(w.getKey()).resolve("metrics.jsonl");
            List<double[]> evals = evaluations(metrics, w.getValue());
            assertFalse(evals.isEmpty(), w.getKey());
            long stop = expectedStop(evals, steps.get(w.getKey()));
            assertEquals(stop, lastStep(metrics), w.getKey() + " stops where patience 1 says");
            for (int i = 0; i < evals.size(); i++) {
                long step = (long) evals.get(i)[0];
                assertTrue(step == 2L * (i + 1) || step == stop, w.getKey() + ": evaluation " + i + " at step " + step);
            }
            assertTrue(Files.exists(layout.training(w.getKey()).resolve("best-model.safetensors")), w.getKey());
        }
    }

    @Test
    void theSavedStudentIsTheOneOfItsBestEvaluation() throws IOException {
        RunContext c = context();
        RunLayout layout = new RunLayout(dir);
        int k = config.evaluation().k();
        Marketplace m = c.marketplace();
        for (Variant v : config.variants()) {
            double best = evaluations(layout.training(StudentStage.name(v)).resolve("metrics.jsonl"), Training.studentMetric(k))
                    .stream().mapToDouble(e -> e[1]).max().getAsDouble();
            BiEncoder saved = c.student(v);
            double again = StudentStage.validationEvaluator(saved, m, c.validationIds(),
                    MarketplaceFiles.readJudgmentsChecked(layout.judgments(), m.itemsById()), k).evaluate(0)
                    .get(Training.studentMetric(k));
            assertEquals(best, again, 1e-6, v.id());
        }
    }

    @Test
    void configJsonRecordsTheValidationAndTheReportPlotsIt() throws IOException {
        JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("config.json").toFile());
        assertEquals(2, root.get("config").get("validation").get("every").asInt());
        assertEquals(2, root.get("training").get("students").get("evalEvery").asInt());
        assertEquals("auc", root.get("training").get("cross-encoder").get("earlyStopping").get("metric").asText());
        RunLayout layout = new RunLayout(dir);
        Report.write(layout, config, EvaluationResults.read(layout.evaluation()));
        for (String model : List.of(AssistantStage.NAME, StudentStage.name(Variant.CLICKS))) {
            Path png = layout.plots().resolve("validation-" + model + ".png");
            assertTrue(Files.size(png) > 1000, png.toString());
        }
        // without validation, config.json has no such key (the default run's file is unchanged)
        JsonNode plain = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(TinyRuns.config());
        assertFalse(plain.has("validation"), plain.toString());
    }
}
