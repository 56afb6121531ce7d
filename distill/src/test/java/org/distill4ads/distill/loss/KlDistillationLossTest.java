package org.distill4ads.distill.loss;

import static org.distill4ads.distill.loss.Arrays2.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.distill4ads.nn.GradCheck;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class KlDistillationLossTest {
    @Test
    void valueMatchesHandComputation() {
        // student [1, 0], teacher [0, 0]; T = 1: p = [.5, .5], q = [0.731059, 0.268941]
        // KL = .5 log(.5/.731059) + .5 log(.5/.268941) = 0.120115
        Tensor s = param(new double[][] {{1, 0}});
        assertEquals(0.12011450695827758, new KlDistillationLoss(1, 20).fromLogits(s, mat(new double[][] {{0, 0}})).item(), 1e-12);
        // T = 2: q = softmax([0.5, 0]) = [0.622459, 0.377541]; KL = 0.030930; times T^2 = 4 -> 0.123719
        assertEquals(0.12371921448064555, new KlDistillationLoss(2, 20).fromLogits(s, mat(new double[][] {{0, 0}})).item(), 1e-12);
    }

    @Test
    void averagesOverRowsAndIsZeroWhenDistributionsMatch() {
        // rows: KL(softmax[2,0,0] ‖ softmax[1,0,-1]) and KL(softmax[0,1,0] ‖ uniform); mean 0.092419
        Tensor s = param(new double[][] {{1, 0, -1}, {0, 0, 0}});
        INDArray t = mat(new double[][] {{2, 0, 0}, {0, 1, 0}});
        assertEquals(0.09241933940259142, new KlDistillationLoss().fromLogits(s, t).item(), 1e-12);
        // shift invariance of softmax: teacher = student + 5 gives KL = 0
        assertEquals(0.0, new KlDistillationLoss().fromLogits(s, s.value().add(5.0)).item(), 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray teacher = random(7, 3, 3);
        KlDistillationLoss loss = new KlDistillationLoss(2.0, 4.0);
        GradCheck.Result r = GradCheck.check(in -> loss.compute(new EmbeddingBatch(in[0], in[1], List.of(in[2], in[3]), teacher)),
                random(1, 3, 4), random(2, 3, 4), random(3, 3, 4), random(4, 3, 4));
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void rejectsBadInput() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new KlDistillationLoss(0, 20))
                .getMessage().contains("temperature must be positive and finite, got 0.0"));
        Tensor one = param(new double[][] {{1}, {2}});
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new KlDistillationLoss().fromLogits(one, mat(new double[][] {{1}, {2}}))).getMessage().contains("C >= 2"));
        Tensor two = param(new double[][] {{1, 2}});
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new KlDistillationLoss().fromLogits(two, mat(new double[][] {{1, 2, 3}}))).getMessage().contains("[1, 2]"));
    }
}
