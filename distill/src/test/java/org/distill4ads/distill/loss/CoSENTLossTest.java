package org.distill4ads.distill.loss;

import static org.distill4ads.distill.loss.Arrays2.*;
import static org.junit.jupiter.api.Assertions.*;

import org.distill4ads.nn.GradCheck;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;

class CoSENTLossTest {
    @Test
    void valueMatchesHandComputation() {
        // s = [0.8, 0.3, 0.5], y = [2, 0, 1]; ordered pairs (i, j) with y_i > y_j and s_j - s_i:
        // (0, 1): -0.5, (0, 2): -0.3, (2, 1): -0.2
        // scale 1:  log(1 + e^-0.5 + e^-0.3 + e^-0.2) = 1.152494
        // scale 20: log(1 + e^-10 + e^-6 + e^-4)     = 0.020626
        assertEquals(1.152494113850119, new CoSENTLoss(1.0).compute(param(0.8, 0.3, 0.5), vec(2, 0, 1)).item(), 1e-12);
        assertEquals(0.020625613055540143, new CoSENTLoss().compute(param(0.8, 0.3, 0.5), vec(2, 0, 1)).item(), 1e-12);
    }

    @Test
    void perfectOrderWithAMarginVanishesAsScaleGrows() {
        Tensor s = param(0.9, 0.6, 0.3, 0.0);         // margin 0.3 between neighbours, 6 ordered pairs
        double last = Double.POSITIVE_INFINITY;
        for (double scale : new double[] {1, 20, 100}) {
            double l = new CoSENTLoss(scale).compute(s, vec(3, 2, 1, 0)).item();
            assertTrue(l < last && l <= Math.log1p(6 * Math.exp(-scale * 0.3)) + 1e-15, "scale " + scale + ": " + l);
            last = l;
        }
        assertTrue(last < 1e-12, "loss at scale 100: " + last);
        // The reversed order is penalized heavily.
        assertTrue(new CoSENTLoss().compute(s, vec(0, 1, 2, 3)).item() > 10);
    }

    @Test
    void tiesAreIgnoredAndAllTiedGivesZero() {
        Tensor s = param(0.2, 0.7, 0.1);
        Tensor l = new CoSENTLoss().compute(s, vec(1, 1, 1));
        assertEquals(0.0, l.item(), 1e-12);
        l.backward();
        assertEquals(0.0, s.grad().amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void onlyTheOrderOfLabelsMatters() {
        Tensor s = param(0.8, 0.3, 0.5);
        assertEquals(new CoSENTLoss().compute(s, vec(2, 0, 1)).item(), new CoSENTLoss().compute(s, vec(50, -3, 7)).item(), 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        CoSENTLoss loss = new CoSENTLoss(3.0);
        GradCheck.Result r = GradCheck.check(in -> loss.compute(EmbeddingBatch.scored(in[0], in[1], vec(1, 0, 2, 2, 0.5))),
                random(1, 5, 3), random(2, 5, 3));
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void rejectsBadInput() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CoSENTLoss(-1))
                .getMessage().contains("got -1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CoSENTLoss().compute(param(0.1, 0.2), vec(1)))
                .getMessage().contains("N = 2"));
    }
}
