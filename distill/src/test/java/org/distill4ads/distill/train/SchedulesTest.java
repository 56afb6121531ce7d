package org.distill4ads.distill.train;

import static org.junit.jupiter.api.Assertions.*;

import org.distill4ads.distill.train.OptimizerSettings.Decay;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    private static final OptimizerSettings S = OptimizerSettings.defaults().withLearningRate(1.0);

    @Test
    void linearWarmupThenLinearDecay() {
        // 100 steps, 10% warm-up: steps 0..9 rise 0.1, 0.2, ... 1.0; then (100 - s) / 90 falls
        OptimizerSettings s = S.withSchedule(0.1, Decay.LINEAR);
        assertEquals(0.1, Schedules.learningRate(s, 0, 100), 1e-12);
        assertEquals(1.0, Schedules.learningRate(s, 9, 100), 1e-12);
        assertEquals(1.0, Schedules.learningRate(s, 10, 100), 1e-12);
        assertEquals(0.5, Schedules.learningRate(s, 55, 100), 1e-12);
        assertEquals(1.0 / 90, Schedules.learningRate(s, 99, 100), 1e-12);
    }

    @Test
    void cosineAndConstant() {
        OptimizerSettings cos = S.withSchedule(0.0, Decay.COSINE);
        assertEquals(1.0, Schedules.learningRate(cos, 0, 10), 1e-12);
        assertEquals(0.5, Schedules.learningRate(cos, 5, 10), 1e-12);     // 0.5 (1 + cos(pi/2))
        OptimizerSettings flat = S.withSchedule(0.5, Decay.CONSTANT);
        assertEquals(0.2, Schedules.learningRate(flat, 0, 10), 1e-12);
        assertEquals(1.0, Schedules.learningRate(flat, 9, 10), 1e-12);
    }

    @Test
    void settingsValidate() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> S.withSchedule(1.0, Decay.LINEAR))
                .getMessage().contains("warmupRatio is out of range: 1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> S.withMaxGradNorm(-1))
                .getMessage().contains("maxGradNorm"));
    }
}
