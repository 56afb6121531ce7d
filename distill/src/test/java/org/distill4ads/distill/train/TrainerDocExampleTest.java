package org.distill4ads.distill.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.loss.MatryoshkaLoss;
import org.distill4ads.distill.loss.MultipleNegativesRankingLoss;
import org.distill4ads.distill.loss.PearsonCorrelationLoss;
import org.distill4ads.distill.train.ToyData.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/trainer.md, kept compiling and running. */
class TrainerDocExampleTest {
    @TempDir
    Path runDir;

    @Test
    void exampleRuns() throws IOException {
        // --- docs/trainer.md example, verbatim ---
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.1, 1);   // [B, 12] -> [B, 8]
        ToyData data = new ToyData(7);
        List<Pair> clicks = data.clicks(96);            // positives only
        List<Pair> teacherPairs = data.teacherPairs(64); // scored by the "teacher"

        MultipleNegativesRankingLoss mnrl = new MultipleNegativesRankingLoss();            // scale 20
        MatryoshkaLoss pearson = new MatryoshkaLoss(new PearsonCorrelationLoss(), 8, 4);   // sizes 8 and 4

        List<TrainingTask<?>> tasks = List.of(
                TrainingTask.of("clicks", clicks, 8, batch -> mnrl.compute(ToyData.embed(model, batch, false))),
                TrainingTask.of("teacher", teacherPairs, 8, batch -> pearson.compute(ToyData.embed(model, batch, true)))
                        .withWeight(2.0));

        TrainerConfig config = TrainerConfig.defaults(runDir)
                .withEpochs(3)
                .withOptimizer(OptimizerSettings.defaults().withLearningRate(1e-2))
                .withEvaluation(10, EarlyStopping.of("teacher_loss", EarlyStopping.Mode.MIN, 3))
                .withCheckpoints(20, 2);

        Evaluator evaluator = step -> Map.of("teacher_loss",
                pearson.compute(ToyData.embed(model, teacherPairs.subList(0, 32), true)).item());

        TrainingResult result = new Trainer(model, tasks, config, evaluator).resumeLatest();
        // --- end of example ---
        assertTrue(result.steps() > 0 && result.steps() <= 60, "steps " + result.steps());
        assertTrue(result.bestMetric() < 1.0, "best teacher loss " + result.bestMetric());
        assertNotNull(result.lastCheckpoint());
    }
}
