package org.distill4ads.distill.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void logModeWritesALineEveryNStepsAndAtTheEnd() {
        List<String> lines = new ArrayList<>();
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put("clicks", 0.5);
        losses.put("teacher", 0.25);
        try (Progress p = Progress.create(ProgressMode.LOG, 12, 0, 5, lines::add)) {
            for (long step = 1; step <= 12; step++) {
                p.update(step, 0, losses, 0.01, 3.0);
            }
        }
        assertEquals(List.of(
                "step 5/12 epoch 0 | clicks=0.5000 teacher=0.2500 | lr 1.000e-02 | 3.00 steps/s",
                "step 10/12 epoch 0 | clicks=0.5000 teacher=0.2500 | lr 1.000e-02 | 3.00 steps/s",
                "step 12/12 epoch 0 | clicks=0.5000 teacher=0.2500 | lr 1.000e-02 | 3.00 steps/s"), lines);
    }

    @Test
    void noneModeWritesNothing() {
        List<String> lines = new ArrayList<>();
        try (Progress p = Progress.create(ProgressMode.NONE, 3, 0, 1, lines::add)) {
            p.update(1, 0, Map.of("a", 1.0), 0.1, 1.0);
        }
        assertTrue(lines.isEmpty());
    }
}
