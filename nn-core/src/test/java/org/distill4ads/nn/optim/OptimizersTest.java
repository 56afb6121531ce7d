package org.distill4ads.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OptimizersTest {
    static Map<String, Tensor> params() {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("bias", Tensor.param(Nd4j.createFromArray(new double[] {1.0, -2.0})));
        p.put("weight", Tensor.param(Nd4j.createFromArray(new double[][] {{0.5}})));
        return p;
    }

    static void grads(Map<String, Tensor> p) {
        p.get("bias").accumulateGrad(Nd4j.createFromArray(new double[] {0.1, -0.2}));
        p.get("weight").accumulateGrad(Nd4j.createFromArray(new double[][] {{0.4}}));
    }

    @Test
    void adamwMatchesHandComputedSteps() {
        Map<String, Tensor> p = params();
        AdamW opt = new AdamW(p, 0.1, 0.9, 0.999, 1e-8, 0.01);
        assertFalse(opt.decays("bias"));
        assertTrue(opt.decays("weight"));
        for (int s = 0; s < 2; s++) {
            grads(p);
            opt.step();
        }
        // With a constant gradient the bias-corrected moments are m^ = g and v^ = g^2 at every
        // step, so each step moves by lr g / (|g| + eps); the weight also decays by (1 - lr wd).
        double b0 = 1.0 - 2 * 0.1 * 0.1 / (0.1 + 1e-8);
        double b1 = -2.0 + 2 * 0.1 * 0.2 / (0.2 + 1e-8);
        double w = 0.5;
        for (int s = 0; s < 2; s++) {
            w = w * (1 - 0.1 * 0.01) - 0.1 * 0.4 / (0.4 + 1e-8);
        }
        assertEquals(b0, p.get("bias").value().getDouble(0), 1e-12);
        assertEquals(b1, p.get("bias").value().getDouble(1), 1e-12);
        assertEquals(w, p.get("weight").value().getDouble(0, 0), 1e-12);
        assertEquals(2, opt.iteration());
        assertEquals(null, p.get("bias").gradOrNull(), "step clears gradients");
    }

    @Test
    void adamwStateRoundTripContinuesIdentically() {
        Map<String, Tensor> a = params();
        AdamW oa = new AdamW(a, 0.05);
        grads(a);
        oa.step();
        Map<String, INDArray> state = oa.state();
        Map<String, Tensor> b = params();
        b.get("bias").value().assign(a.get("bias").value());
        b.get("weight").value().assign(a.get("weight").value());
        AdamW ob = new AdamW(b, 0.05);
        ob.loadState(state);
        grads(a);
        grads(b);
        oa.step();
        ob.step();
        assertEquals(a.get("bias").value(), b.get("bias").value());
        assertEquals(a.get("weight").value(), b.get("weight").value());
        state.remove("m.weight");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ob.loadState(state));
        assertTrue(e.getMessage().contains("m.weight"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AdamW(params(), 0.1, 1.0, 0.999, 1e-8, 0));
    }

    @Test
    void sgdWithMomentum() {
        Map<String, Tensor> p = params();
        Sgd sgd = new Sgd(p, 0.5, 0.9);
        grads(p);
        sgd.step();
        grads(p);
        sgd.step();
        // v1 = g, v2 = 0.9 g + g = 1.9 g; p = p0 - 0.5 (g + 1.9 g) = p0 - 1.45 g
        assertEquals(1.0 - 1.45 * 0.1, p.get("bias").value().getDouble(0), 1e-12);
        assertEquals(0.5 - 1.45 * 0.4, p.get("weight").value().getDouble(0, 0), 1e-12);
    }

    @Test
    void clippingByGlobalNorm() {
        Map<String, Tensor> p = params();
        grads(p);
        // norm = sqrt(0.01 + 0.04 + 0.16) = sqrt(0.21)
        double norm = GradientClipping.clipByGlobalNorm(p.values(), 0.1);
        assertEquals(Math.sqrt(0.21), norm, 1e-12);
        assertEquals(0.1 / (Math.sqrt(0.21) + 1e-6), GradientClipping.globalNorm(p.values()) / Math.sqrt(0.21), 1e-9);
        double before = GradientClipping.globalNorm(p.values());
        GradientClipping.clipByGlobalNorm(p.values(), 10);
        assertEquals(before, GradientClipping.globalNorm(p.values()), 0, "no change under the bound");
    }

    @Test
    void schedules() {
        LearningRateSchedule lin = LearningRateSchedule.linear(1.0, 2, 10);
        assertEquals(List.of(0.5, 1.0, 1.0, 0.875), List.of(lin.at(0), lin.at(1), lin.at(2), lin.at(3)));
        LearningRateSchedule cos = LearningRateSchedule.cosine(2.0, 0, 4);
        assertEquals(2.0, cos.at(0), 1e-12);
        assertEquals(1.0, cos.at(2), 1e-12);          // (1 + cos(pi/2)) = 1
        assertEquals(0.3, LearningRateSchedule.constant(0.3).at(99), 0);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.linear(1.0, 11, 10));
    }
}
