package org.distill4ads.distill.loss;

import static org.distill4ads.distill.loss.Arrays2.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.distill4ads.nn.GradCheck;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class MatryoshkaLossTest {
    @Test
    void weightedSumOverPrefixesMatchesHandComputation() {
        // a = (1, 1, 0), p = (1, -1, 1), label 0.5, inner = MSE on the row cosine
        // d = 3: cos = 0 / (sqrt2 sqrt3) = 0 -> (0 - 0.5)^2 = 0.25, weight 1
        // d = 1: a -> (1), p -> (1): cos = 1 -> (1 - 0.5)^2 = 0.25, weight 2
        // total 0.25 + 2 * 0.25 = 0.75
        Tensor a = param(new double[][] {{1, 1, 0}});
        Tensor p = param(new double[][] {{1, -1, 1}});
        MatryoshkaLoss loss = new MatryoshkaLoss(new MseLoss(), new int[] {1, 3}, new double[] {2, 1});
        assertEquals(0.75, loss.compute(EmbeddingBatch.scored(a, p, vec(0.5))).item(), 1e-12);
        assertArrayEquals(new int[] {3, 1}, loss.dims());
        assertArrayEquals(new double[] {1, 2}, loss.weights());
    }

    @Test
    void appliesTheInnerLossLargestFirstToNormalizedPrefixesOfOneEncoding() {
        List<Integer> seen = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
        EmbeddingLoss spy = batch -> {
            seen.add(batch.dimension());
            norms.add(batch.anchors().value().getRow(0).norm2Number().doubleValue());
            return new MseLoss().compute(batch);
        };
        Tensor a = Tensor.param(random(1, 2, 8).mul(5));
        Tensor p = Tensor.param(random(2, 2, 8));
        EmbeddingBatch batch = EmbeddingBatch.scored(a, p, vec(0.1, 0.9));
        Tensor total = new MatryoshkaLoss(spy, 2, 8, 4).compute(batch);
        assertEquals(List.of(8, 4, 2), seen);
        norms.forEach(n -> assertEquals(1.0, n, 1e-12));
        double expected = 0;
        for (int d : new int[] {8, 4, 2}) {
            expected += new MseLoss().compute(batch.truncate(d)).item();
        }
        assertEquals(expected, total.item(), 1e-12);
        // Gradients of every prefix reach the one encoding: the first 2 columns get the most terms.
        total.backward();
        assertTrue(a.grad().getColumn(0).norm2Number().doubleValue() > 0);
        assertTrue(a.grad().getColumn(7).norm2Number().doubleValue() > 0);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        MatryoshkaLoss loss = new MatryoshkaLoss(new MultipleNegativesRankingLoss(4.0, false), new int[] {5, 3, 1},
                new double[] {1, 0.5, 0.25});
        GradCheck.Result r = GradCheck.check(in -> loss.compute(EmbeddingBatch.pairs(in[0], in[1])),
                random(1, 3, 5), random(2, 3, 5));
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void validatesDimensionsAndWeightsNamingTheValue() {
        EmbeddingLoss inner = new MseLoss();
        assertTrue(message(() -> new MatryoshkaLoss(inner)).contains("at least one dimension"));
        assertTrue(message(() -> new MatryoshkaLoss(inner, 64, 0)).contains("dimension 0 must be positive"));
        assertTrue(message(() -> new MatryoshkaLoss(inner, 64, -8)).contains("dimension -8 must be positive"));
        assertTrue(message(() -> new MatryoshkaLoss(inner, 64, 64)).contains("dimension 64 appears twice"));
        assertTrue(message(() -> new MatryoshkaLoss(inner, new int[] {64, 32}, new double[] {1}))
                .contains("2 dimensions [64, 32] but 1 weights [1.0]"));
        assertTrue(message(() -> new MatryoshkaLoss(inner, new int[] {64, 32}, new double[] {1, 0}))
                .contains("weight 0.0 for dimension 32"));
        assertTrue(message(() -> new MatryoshkaLoss(null, 8)).contains("inner loss"));
        INDArray labels = vec(0.5);
        Tensor a = Tensor.param(random(1, 1, 8));
        assertTrue(message(() -> new MatryoshkaLoss(inner, 16, 8).compute(EmbeddingBatch.scored(a, a, labels)))
                .contains("dimension 16 exceeds the embedding width 8"));
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }
}
