package org.distill4ads.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class Int8IndexTest {
    @Test
    void rerankedRecallAgainstFloat32() {
        float[][] rows = ExactIndexTest.random(5000, 64, 21);
        float[][] queries = ExactIndexTest.random(50, 64, 22);
        EmbeddingStore store = ExactIndexTest.store(rows);
        try (ExactIndex exact = new ExactIndex(store, 1)) {
            Int8Index int8 = new Int8Index(store, 4);
            double full = Recall.atK(exact, int8, queries, 10, 64);
            double prefix = Recall.atK(exact, int8, queries, 10, 32);
            System.out.printf("int8 + re-rank recall@10: %.4f at d=64, %.4f at d=32%n", full, prefix);
            assertTrue(full >= 0.99, "recall " + full);
            assertTrue(prefix >= 0.99, "recall at prefix " + prefix);
            // re-ranked scores are exact float scores
            List<Hit> a = exact.search(queries[0], 10, 64);
            List<Hit> b = int8.search(queries[0], 10, 64);
            assertEquals(a.get(0).id(), b.get(0).id());
            assertEquals(a.get(0).score(), b.get(0).score(), 1e-6);
            // without re-rank slack the quantized order alone is already close
            assertTrue(Recall.atK(exact, new Int8Index(store, 1), queries, 10, 64) > 0.8);
        }
    }

    @Test
    void quantizationRoundTripsWithinHalfAStep() {
        float[] v = {0.5f, -0.25f, 0.125f, -1f};
        byte[] q = new byte[4];
        float s = Int8Index.quantize(v, 0, 4, q, 0);
        assertEquals(1f / 127, s, 1e-7);
        for (int j = 0; j < 4; j++) {
            assertTrue(Math.abs(q[j] * s - v[j]) <= s / 2 + 1e-7);
        }
        assertEquals(-127, q[3]);
    }
}
