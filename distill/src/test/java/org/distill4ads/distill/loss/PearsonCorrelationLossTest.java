package org.distill4ads.distill.loss;

import static org.distill4ads.distill.loss.Arrays2.*;
import static org.junit.jupiter.api.Assertions.*;

import org.distill4ads.distill.loss.PearsonCorrelationLoss.TeacherScores;
import org.distill4ads.nn.GradCheck;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class PearsonCorrelationLossTest {
    private final PearsonCorrelationLoss loss = new PearsonCorrelationLoss();

    @Test
    void valueMatchesHandComputation() {
        // x = [0.1, 0.4, 0.2, 0.9], mean 0.4 -> xc = [-0.3, 0, -0.2, 0.5], |xc|^2 = 0.38
        // y = [1, 2, 3, 4],         mean 2.5 -> yc = [-1.5, -0.5, 0.5, 1.5], |yc|^2 = 5
        // cov = 0.45 + 0 - 0.1 + 0.75 = 1.1; r = 1.1 / sqrt(0.38 * 5) = 0.798023875; L = 0.201976125
        Tensor l = loss.compute(param(0.1, 0.4, 0.2, 0.9), vec(1, 2, 3, 4));
        assertEquals(0.20197612487898708, l.item(), 1e-12);
    }

    @Test
    void sigmoidTeacherScoresCorrelateWithProbabilities() {
        // sigmoid([1, 2, 3, 4]) = [0.731059, 0.880797, 0.952574, 0.982014]: r = 0.678350, L = 0.321650
        Tensor l = new PearsonCorrelationLoss(TeacherScores.SIGMOID).compute(param(0.1, 0.4, 0.2, 0.9), vec(1, 2, 3, 4));
        assertEquals(0.32164972121115953, l.item(), 1e-12);
    }

    @Test
    void invariantToPositiveAffineMapsOfTheTeacher() {
        Tensor x = Tensor.param(random(1, 16));
        INDArray y = random(2, 16);
        double base = loss.compute(x, y).item();
        assertEquals(base, loss.compute(x, y.mul(3.5).add(-7.0)).item(), 1e-12);
        assertEquals(base, loss.compute(x, y.mul(0.01).add(100.0)).item(), 1e-10);
        // A negative map flips the sign of r: L' = 1 + r = 2 - L.
        assertEquals(2 - base, loss.compute(x, y.mul(-2.0)).item(), 1e-12);
    }

    @Test
    void perfectAndInverseCorrelation() {
        assertEquals(0.0, loss.compute(param(1, 2, 3), vec(10, 20, 30)).item(), 1e-12);
        assertEquals(2.0, loss.compute(param(1, 2, 3), vec(3, 2, 1)).item(), 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray y = random(3, 6);
        GradCheck.Result r = GradCheck.check(in -> loss.compute(in[0], y), random(4, 6));
        assertTrue(r.passes(1e-7), r.toString());
        PearsonCorrelationLoss sig = new PearsonCorrelationLoss(TeacherScores.SIGMOID);
        GradCheck.Result r2 = GradCheck.check(in -> sig.compute(in[0], y), random(5, 6));
        assertTrue(r2.passes(1e-7), r2.toString());
    }

    @Test
    void embeddingFormGradientMatchesFiniteDifferences() {
        INDArray y = random(6, 5);
        GradCheck.Result r = GradCheck.check(in -> loss.compute(EmbeddingBatch.scored(in[0], in[1], y)),
                random(7, 5, 4), random(8, 5, 4));
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void embeddingFormUsesRowCosines() {
        // cos rows: (1,0)·(1,0) = 1, (0,1)·(1,1)/sqrt2 = 0.7071, (1,1)·(-1,1) = 0 -> x = [1, 0.7071, 0]
        Tensor a = param(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        Tensor p = param(new double[][] {{2, 0}, {1, 1}, {-1, 1}});
        double viaEmbeddings = loss.compute(EmbeddingBatch.scored(a, p, vec(3, 2, 1))).item();
        double viaScores = loss.compute(param(1, Math.sqrt(0.5), 0), vec(3, 2, 1)).item();
        assertEquals(viaScores, viaEmbeddings, 1e-12);
    }

    @Test
    void constantTeacherGivesZeroLossAndZeroGradient() {
        Tensor x = param(0.3, 0.1, 0.7);
        Tensor l = loss.compute(x, vec(0.5, 0.5, 0.5));
        assertEquals(0.0, l.item());
        l.backward();
        assertEquals(0.0, x.grad().amaxNumber().doubleValue());
    }

    @Test
    void constantStudentGivesLossOneAndAFiniteGradientTowardsTheTeacher() {
        Tensor x = param(0.2, 0.2, 0.2, 0.2);
        Tensor l = loss.compute(x, vec(1, 2, 3, 4));
        assertEquals(1.0, l.item(), 1e-12);
        l.backward();
        INDArray g = x.grad();
        for (int i = 0; i < 4; i++) {
            assertTrue(Double.isFinite(g.getDouble(i)), "gradient " + g);
        }
        // Descending the gradient raises the scores in the teacher's order.
        INDArray descent = g.neg();
        assertTrue(descent.getDouble(0) < descent.getDouble(1) && descent.getDouble(1) < descent.getDouble(2)
                && descent.getDouble(2) < descent.getDouble(3), "descent direction " + descent);
    }

    @Test
    void rejectsBatchesOfFewerThanTwoPairs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(param(0.5), vec(1)));
        assertTrue(e.getMessage().contains("at least 2 pairs") && e.getMessage().contains("got 1"), e.getMessage());
    }

    @Test
    void rejectsMismatchedOrMissingOrNonFiniteLabels() {
        Tensor x = param(0.1, 0.2, 0.3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> loss.compute(x, vec(1, 2)))
                .getMessage().contains("N = 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> loss.compute(x, vec(1, Double.NaN, 2)))
                .getMessage().contains("label 1 is NaN"));
        Tensor a = param(new double[][] {{1, 0}, {0, 1}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> loss.compute(EmbeddingBatch.pairs(a, a)))
                .getMessage().contains("needs labels"));
    }
}
