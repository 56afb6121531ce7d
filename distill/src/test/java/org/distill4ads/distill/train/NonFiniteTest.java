package org.distill4ads.distill.train;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.distill4ads.distill.loss.MseLoss;
import org.distill4ads.distill.train.ToyData.Pair;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A NaN or infinite loss or gradient never reaches the weights. */
class NonFiniteTest {
    @TempDir
    Path dir;

    private final List<Pair> pairs = new ToyData(4).teacherPairs(32);
    private final MseLoss mse = new MseLoss();

    private TrainerConfig config(NonFinitePolicy policy) {
        return TrainerConfig.defaults(dir).withEpochs(2).withProgress(ProgressMode.NONE, 10).withCheckpoints(0, 1)
                .withOptimizer(OptimizerSettings.defaults().withLearningRate(1e-2)).withOnNonFinite(policy);
    }

    /** MSE, except that calls listed in {@code poisoned} (0-based) return loss × NaN. */
    private TrainingTask<Pair> task(ToyEncoder model, AtomicInteger calls, int... poisoned) {
        return TrainingTask.of("judge", pairs, 8, batch -> {
            Tensor loss = mse.compute(ToyData.embed(model, batch, true));
            int call = calls.getAndIncrement();
            for (int p : poisoned) {
                if (p == call) {
                    // An array operand: ND4J's scalar ops silently replace a NaN scalar (x.mul(NaN) = 1e-5 x).
                    return loss.mul(Tensor.constant(Nd4j.valueArrayOf(loss.shape(), Double.NaN, loss.dataType())));
                }
            }
            return loss;
        });
    }

    private static Map<String, INDArray> copy(ToyEncoder model) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    @Test
    void aNanLossStopsTheRunNamingTaskAndStepWithoutTouchingTheWeights() {
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        Map<String, INDArray> before = copy(model);
        Trainer trainer = new Trainer(model, List.of(task(model, new AtomicInteger(), 0)), config(NonFinitePolicy.FAIL), null);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, trainer::fit);
        assertEquals("judge", e.task());
        assertEquals(0, e.step());
        assertTrue(e.getMessage().contains("non-finite loss NaN in task 'judge' at step 0"), e.getMessage());
        before.forEach((k, v) -> assertEquals(v, model.stateDict().get(k), k));
        model.parameters().forEach(p -> assertNull(p.gradOrNull()));
    }

    @Test
    void aNonFiniteGradientWithAFiniteLossStopsTheRunToo() {
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        Map<String, INDArray> before = copy(model);
        // sqrt at 0 has an infinite derivative: the loss is finite (0), its gradient is not.
        TrainingTask<Pair> task = TrainingTask.of("sqrt", pairs, 8,
                batch -> ToyData.embed(model, batch, true).anchors().mul(0.0).sqrt().sum());
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> new Trainer(model, List.of(task), config(NonFinitePolicy.FAIL), null).fit());
        assertTrue(e.getMessage().contains("gradient norm") && e.getMessage().contains("'sqrt' at step 0"), e.getMessage());
        before.forEach((k, v) -> assertEquals(v, model.stateDict().get(k), k));
    }

    @Test
    void skipPolicyDropsThePoisonedStepsCountsThemAndKeepsTheWeightsFinite() throws IOException {
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        TrainingResult r = new Trainer(model, List.of(task(model, new AtomicInteger(), 2, 5)),
                config(NonFinitePolicy.SKIP), null).fit();
        assertEquals(8, r.steps());
        assertEquals(2, r.skippedSteps());
        model.stateDict().forEach((k, v) -> assertTrue(Double.isFinite(v.sumNumber().doubleValue()), k));
        List<JsonNode> lines = MetricsLog.read(dir.resolve("metrics.jsonl"));
        List<Long> skippedSteps = lines.stream().filter(l -> l.get("skipped").asBoolean()).map(l -> l.get("step").asLong()).toList();
        assertEquals(List.of(3L, 6L), skippedSteps);
        assertTrue(Double.isNaN(lines.get(2).get("loss").asDouble()));
    }

    @Test
    void aSkippedStepLeavesTheWeightsAsTheyWere() throws IOException {
        // Two runs of the same task; in the second every batch is poisoned, so nothing may change.
        ToyEncoder model = new ToyEncoder(ToyData.FEATURES, 16, 8, 0.0, 1);
        Map<String, INDArray> before = copy(model);
        TrainingResult r = new Trainer(model, List.of(task(model, new AtomicInteger(), 0, 1, 2, 3, 4, 5, 6, 7)),
                config(NonFinitePolicy.SKIP), null).fit();
        assertEquals(8, r.skippedSteps());
        before.forEach((k, v) -> assertEquals(v, model.stateDict().get(k), k));
    }
}
