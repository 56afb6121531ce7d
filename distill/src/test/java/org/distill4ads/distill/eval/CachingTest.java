package org.distill4ads.distill.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.distill4ads.transformer.TextEmbedder;
import org.junit.jupiter.api.Test;

class CachingTest {
    /** Embeds "a" as (3, 4, 0, 0)/5 and anything else as (0, 0, 1, 0); counts the texts it was asked for. */
    static final class Counting implements TextEmbedder {
        final List<String> asked = new ArrayList<>();

        @Override
        public int dimension() {
            return 4;
        }

        @Override
        public float[][] embed(List<String> texts, int dim) {
            assertEquals(4, dim, "the cache always asks for the full width");
            asked.addAll(texts);
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = texts.get(i).equals("a") ? new float[] {0.6f, 0.8f, 0, 0} : new float[] {0, 0, 1, 0};
            }
            return out;
        }
    }

    @Test
    void embedderEncodesEachTextOnceAndRenormalizesPrefixes() {
        Counting inner = new Counting();
        CachingEmbedder cache = new CachingEmbedder(inner);
        float[][] full = cache.embed(List.of("a", "b", "a"), 4);
        assertEquals(List.of("a", "b"), inner.asked);
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0}, full[0], 1e-7f);
        float[][] one = cache.embed(List.of("a"), 1);
        assertArrayEquals(new float[] {1f}, one[0], 1e-7f, "prefix (0.6) re-normalized to unit length");
        float[][] two = cache.embed(List.of("a", "b"), 2);
        assertArrayEquals(new float[] {0.6f, 0.8f}, two[0], 1e-6f);
        assertEquals(List.of("a", "b"), inner.asked, "no second encoding");
        assertThrows(IllegalArgumentException.class, () -> cache.embed(List.of("a"), 5));
    }

    @Test
    void pairScorerScoresEachPairOnce() {
        List<String> seen = new ArrayList<>();
        CachingPairScorer cache = new CachingPairScorer((f, s) -> {
            float[] out = new float[f.size()];
            for (int i = 0; i < out.length; i++) {
                seen.add(f.get(i) + "|" + s.get(i));
                out[i] = f.get(i).length() + s.get(i).length() / 10f;
            }
            return out;
        });
        assertArrayEquals(new float[] {1.1f, 2.2f, 1.1f}, cache.score(List.of("a", "bb", "a"), List.of("x", "yy", "x")), 1e-6f);
        assertArrayEquals(new float[] {2.2f, 1.2f}, cache.score(List.of("bb", "a"), List.of("yy", "xy")), 1e-6f);
        assertEquals(List.of("a|x", "bb|yy", "a|xy"), seen);
    }
}
