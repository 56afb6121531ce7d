package org.distill4ads.distill.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TitleWriterTest {
    @Test
    void aTypoSwapsTwoNeighbouringLettersOfTheLongestWord() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 50; i++) {
            String t = TitleWriter.typo("red leather boots", rnd);
            String[] w = t.split(" ");
            assertEquals("red", w[0]);
            assertEquals("boots", w[2]);
            assertNotEquals("leather", w[1]);
            char[] a = w[1].toCharArray();
            char[] b = "leather".toCharArray();
            java.util.Arrays.sort(a);
            java.util.Arrays.sort(b);
            assertArrayEquals(b, a, "same letters: " + w[1]);
            int diff = 0;
            for (int j = 0; j < 7; j++) {
                diff += w[1].charAt(j) != "leather".charAt(j) ? 1 : 0;
            }
            assertEquals(2, diff, w[1]);
        }
        assertEquals("a b", TitleWriter.typo("a b", rnd), "no word of four letters: unchanged");
    }

    @Test
    void titleCaseCapitalisesEveryWord() {
        assertEquals("Red Nike Sneakers", TitleWriter.titleCase("red nike sneakers"));
    }
}
