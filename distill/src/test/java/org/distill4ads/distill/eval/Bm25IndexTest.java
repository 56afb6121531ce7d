package org.distill4ads.distill.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class Bm25IndexTest {
    private final Bm25Index index = new Bm25Index(List.of("red shoes", "Blue shoes!", "red red hat"));

    @Test
    void scoresMatchHandComputedBm25() {
        // N = 3, avgdl = 7/3, idf(red) = ln(1 + 1.5/2.5) = 0.4700036
        // doc 0: tf 1, |d| 2 -> 0.4700036 * 2.2 / (1 + 1.2 (0.25 + 0.75 * 2 / (7/3))) = 0.4991770
        // doc 2: tf 2, |d| 3 -> 0.4700036 * 4.4 / (2 + 1.2 (0.25 + 0.75 * 3 / (7/3))) = 0.5981864
        assertEquals(0.4991763, index.score("red", 0), 1e-6);
        assertEquals(0.5981864, index.score("red", 2), 1e-6);
        List<Bm25Index.Hit> hits = index.search("RED", 5);
        assertEquals(2, hits.size());
        assertEquals(2, hits.get(0).doc());
        assertEquals(0, hits.get(1).doc());
    }

    @Test
    void tokenizesOnNonAlphanumerics() {
        assertEquals(List.of("blue", "shoes", "10x"), Bm25Index.tokenize("Blue-shoes, 10x!"));
    }

    @Test
    void tiesBreakBySmallerDocument() {
        Bm25Index twins = new Bm25Index(List.of("a b", "a b", "c"));
        List<Bm25Index.Hit> hits = twins.search("a", 2);
        assertEquals(0, hits.get(0).doc());
        assertEquals(1, hits.get(1).doc());
        assertThrows(IllegalArgumentException.class, () -> twins.search("a", 0));
    }
}
