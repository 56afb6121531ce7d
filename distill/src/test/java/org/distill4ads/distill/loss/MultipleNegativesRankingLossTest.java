package org.distill4ads.distill.loss;

import static org.distill4ads.distill.loss.Arrays2.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.distill4ads.nn.GradCheck;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;

class MultipleNegativesRankingLossTest {
    private static final double C = Math.sqrt(0.5); // cos 45°

    // anchors a1 = (1, 0), a2 = (0, 1); positives p1 = (1, 0), p2 = (1, 1):
    // cos matrix S = [[1, C], [0, C]] with C = 0.70711
    private static Tensor anchors() {
        return param(new double[][] {{1, 0}, {0, 1}});
    }

    private static Tensor positives() {
        return param(new double[][] {{1, 0}, {1, 1}});
    }

    @Test
    void valueMatchesHandComputation() {
        // scale 1: row 1: -log(e^1 / (e^1 + e^C)) = 0.40335; row 2: -log(e^C / (e^0 + e^C)) = 0.55487
        // mean = 0.47911
        double l = new MultipleNegativesRankingLoss(1.0, false).compute(EmbeddingBatch.pairs(anchors(), positives())).item();
        assertEquals(0.4791096451834477, l, 1e-12);
        // scale 20: row 1: log(1 + e^{20(C-1)}) = 0.0028539; row 2: log(1 + e^{-20C}) = 7.2e-7; mean 0.0014270
        double l20 = new MultipleNegativesRankingLoss().compute(EmbeddingBatch.pairs(anchors(), positives())).item();
        assertEquals(0.0014269931461736, l20, 1e-12);
    }

    @Test
    void hardNegativesAreExtraColumns() {
        // negatives n1 = (0, 1) for a1, n2 = (1, 0) for a2; candidates [p1, p2, n1, n2]
        // a1 row: cos [1, C, 0, 1]: -log(e / (e + e^C + 1 + e)) = 1.22378
        // a2 row: cos [0, C, 1, 0]: -log(e^C / (1 + e^C + e + 1)) = 1.11403; mean 1.16890
        Tensor negatives = param(new double[][] {{0, 1}, {1, 0}});
        EmbeddingBatch batch = new EmbeddingBatch(anchors(), positives(), List.of(negatives), null);
        assertEquals(1.16890191328952, new MultipleNegativesRankingLoss(1.0, false).compute(batch).item(), 1e-12);
    }

    @Test
    void symmetricFormAveragesBothDirections() {
        // reverse direction: cos(p, a) = S^T = [[1, 0], [C, C]]:
        // row 1: -log(e / (e + 1)) = 0.31326; row 2: -log(1/2) = 0.69315; mean 0.50320
        // symmetric = (0.47911 + 0.50320) / 2 = 0.49116
        double l = new MultipleNegativesRankingLoss(1.0, true).compute(EmbeddingBatch.pairs(anchors(), positives())).item();
        assertEquals(0.49115703961126583, l, 1e-12);
    }

    @Test
    void perfectDiagonalTendsToZeroAsScaleGrows() {
        // orthonormal anchors equal to their positives: loss = log(1 + (B - 1) e^{-scale})
        double[][] eye = new double[4][4];
        for (int i = 0; i < 4; i++) {
            eye[i][i] = 1;
        }
        double previous = Double.POSITIVE_INFINITY;
        for (double scale : new double[] {1, 5, 20, 50}) {
            double l = new MultipleNegativesRankingLoss(scale, true).compute(EmbeddingBatch.pairs(param(eye), param(eye))).item();
            assertEquals(Math.log1p(3 * Math.exp(-scale)), l, 1e-12);
            assertTrue(l < previous);
            previous = l;
        }
        assertTrue(previous < 1e-20, "loss at scale 50: " + previous);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        MultipleNegativesRankingLoss loss = new MultipleNegativesRankingLoss(5.0, true);
        GradCheck.Result r = GradCheck.check(in -> loss.compute(new EmbeddingBatch(in[0], in[1], List.of(in[2]), null)),
                random(1, 3, 4), random(2, 3, 4), random(3, 3, 4));
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void rejectsBadScaleAndScoreShapes() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MultipleNegativesRankingLoss(0, false))
                .getMessage().contains("got 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MultipleNegativesRankingLoss.fromScores(Tensor.constant(random(1, 3, 2))))
                .getMessage().contains("C >= B"));
    }
}
