package org.distill4ads.distill.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AucTest {
    @Test
    void handComputedValues() {
        // positives 0.35, 0.8 against negatives 0.1, 0.4: pairs won 1 + 2 of 4
        assertEquals(0.75, Auc.of(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new boolean[] {false, false, true, true}), 1e-12);
        // a tie counts one half: (1 + 0.5) / 2
        assertEquals(0.75, Auc.of(new float[] {0.2f, 0.5f, 0.5f}, new boolean[] {false, false, true}), 1e-12);
        assertEquals(1.0, Auc.of(new float[] {0f, 1f}, new boolean[] {false, true}));
        assertEquals(0.0, Auc.of(new float[] {1f, 0f}, new boolean[] {false, true}));
    }

    @Test
    void equalsTheCountOverAllPairs() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] s = new float[300];
        boolean[] y = new boolean[300];
        for (int i = 0; i < s.length; i++) {
            s[i] = rng.nextInt(20) / 20f;   // many ties
            y[i] = rng.nextDouble() < 0.3 + 0.4 * s[i];
        }
        double won = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] && !y[j]) {
                    pairs++;
                    won += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(won / pairs, Auc.of(s, y), 1e-12);
    }

    @Test
    void refusesOneClassAndNaN() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Auc.of(new float[] {0.1f, 0.2f}, new boolean[] {true, true}));
        assertTrue(e.getMessage().contains("positives and negatives"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Auc.of(new float[] {Float.NaN, 0.2f}, new boolean[] {true, false}));
        assertThrows(IllegalArgumentException.class, () -> Auc.of(new float[] {0.1f}, new boolean[] {true, false}));
    }
}
