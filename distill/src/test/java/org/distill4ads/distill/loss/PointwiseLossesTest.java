package org.distill4ads.distill.loss;

import static org.distill4ads.distill.loss.Arrays2.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.distill4ads.nn.GradCheck;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** MseLoss, BinaryCrossEntropyLoss and MarginMseLoss: one score (or margin) per example. */
class PointwiseLossesTest {
    private static final double C = Math.sqrt(0.5);

    @Test
    void mseValueAndGradient() {
        // ((0.5 - 1)^2 + (-0.2 - 0)^2) / 2 = (0.25 + 0.04) / 2 = 0.145
        assertEquals(0.145, new MseLoss().compute(param(0.5, -0.2), vec(1, 0)).item(), 1e-12);
        INDArray y = random(9, 4);
        GradCheck.Result r = GradCheck.check(in -> new MseLoss().compute(EmbeddingBatch.scored(in[0], in[1], y)),
                random(1, 4, 3), random(2, 4, 3));
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void bceValueAndGradient() {
        // z = [0, 2], y = [1, 0]: log 2 = 0.693147 and 2 + log(1 + e^-2) = 2.126928; mean 1.410038
        assertEquals(1.410037595801459, new BinaryCrossEntropyLoss().compute(param(0, 2), vec(1, 0)).item(), 1e-12);
        // A cross-encoder's [N, 1] logits take [N] labels.
        Tensor column = Tensor.param(vec(0, 2).reshape(2, 1));
        assertEquals(1.410037595801459, new BinaryCrossEntropyLoss().compute(column, vec(1, 0)).item(), 1e-12);
        INDArray y = vec(1, 0, 0.25, 1);
        GradCheck.Result r = GradCheck.check(in -> new BinaryCrossEntropyLoss().compute(in[0], y), random(3, 4));
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void bceRejectsLabelsOutsideTheUnitInterval() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new BinaryCrossEntropyLoss().compute(param(0, 1), vec(1, 2))).getMessage().contains("[0, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new BinaryCrossEntropyLoss().compute(param(0, 1), vec(1))).getMessage().contains("2 logits"));
    }

    @Test
    void marginMseValue() {
        // row 1: a = (1,0), p = (1,0), n = (0,1): margin 1 - 0 = 1; teacher 0.6 -> 0.4^2 = 0.16
        // row 2: a = (0,1), p = (1,1), n = (0,1): margin C - 1 = -0.29289; teacher -0.5 -> 0.20711^2 = 0.042893
        // mean 0.101447
        Tensor a = param(new double[][] {{1, 0}, {0, 1}});
        Tensor p = param(new double[][] {{1, 0}, {1, 1}});
        Tensor n = param(new double[][] {{0, 1}, {0, 1}});
        EmbeddingBatch batch = new EmbeddingBatch(a, p, List.of(n), vec(0.6, -0.5));
        assertEquals(0.10144660940672624, new MarginMseLoss().compute(batch).item(), 1e-12);
        assertEquals((0.16 + Math.pow(C - 1 + 0.5, 2)) / 2, 0.10144660940672624, 1e-15);
    }

    @Test
    void marginMseGradientWithTwoNegatives() {
        INDArray margins = random(5, 3, 2);
        GradCheck.Result r = GradCheck.check(
                in -> new MarginMseLoss().compute(new EmbeddingBatch(in[0], in[1], List.of(in[2], in[3]), margins)),
                random(1, 3, 4), random(2, 3, 4), random(3, 3, 4), random(4, 3, 4));
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void marginMseNeedsNegativesAndOneMarginPerNegative() {
        Tensor a = Tensor.param(random(1, 2, 3));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new MarginMseLoss().compute(EmbeddingBatch.scored(a, a, vec(1, 2)))).getMessage().contains("hard-negative"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new MarginMseLoss().compute(new EmbeddingBatch(a, a, List.of(a, a), vec(1, 2))))
                .getMessage().contains("2 teacher margin(s) per anchor"));
    }

    @Test
    void embeddingBatchValidatesShapes() {
        Tensor a = Tensor.param(random(1, 2, 3));
        Tensor wrong = Tensor.param(random(1, 2, 4));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmbeddingBatch.pairs(a, wrong))
                .getMessage().contains("positives [2, 4] must have the anchors' shape [2, 3]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EmbeddingBatch.scored(a, a, vec(1, 2, 3)))
                .getMessage().contains("first dimension B = 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EmbeddingBatch(a, a, List.of(wrong), null))
                .getMessage().contains("negatives[0]"));
    }
}
