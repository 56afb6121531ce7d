package org.distill4ads.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HnswIndexTest {
    /** 16 latent dimensions projected to 128 plus small noise: low intrinsic dimension, like text embeddings. */
    static float[][] lowIntrinsic(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        SplittableRandom p = new SplittableRandom(7); // the projection is shared by rows and queries
        double[][] proj = new double[16][128];
        for (double[] row : proj) {
            for (int j = 0; j < 128; j++) {
                row[j] = p.nextGaussian();
            }
        }
        float[][] out = new float[n][128];
        for (float[] v : out) {
            double[] z = new double[16];
            for (int i = 0; i < 16; i++) {
                z[i] = r.nextGaussian();
            }
            for (int j = 0; j < 128; j++) {
                double s = 0;
                for (int i = 0; i < 16; i++) {
                    s += z[i] * proj[i][j];
                }
                v[j] = (float) (s + 0.05 * r.nextGaussian());
            }
        }
        return out;
    }

    @Test
    void recallAt10OnLowIntrinsicDimensionData() {
        EmbeddingStore store = ExactIndexTest.store(lowIntrinsic(20_000, 1));
        float[][] queries = lowIntrinsic(100, 2);
        HnswIndex hnsw = new HnswIndex(store, 128, 16, 100, 64, 42);
        try (ExactIndex exact = new ExactIndex(store, 2)) {
            double recall = Recall.atK(exact, hnsw, queries, 10, 128);
            System.out.printf("HNSW recall@10 on 20k x 128 (16 latent dims), M=16, efC=100, ef=64: %.4f%n", recall);
            assertTrue(recall >= 0.95, "recall@10 " + recall);
            // scores are cosines, as the exact index reports them
            assertEquals(exact.search(queries[0], 1, 128).get(0).score(), hnsw.search(queries[0], 1, 128).get(0).score(), 1e-5);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> hnsw.search(queries[0], 10, 64)).getMessage().contains("128"));
    }

    @Test
    void sameSeedSameAnswers() {
        EmbeddingStore store = ExactIndexTest.store(lowIntrinsic(2000, 3));
        float[][] queries = lowIntrinsic(20, 4);
        HnswIndex a = new HnswIndex(store, 64, 8, 50, 20, 5);
        HnswIndex b = new HnswIndex(store, 64, 8, 50, 20, 5);
        for (float[] q : queries) {
            assertEquals(a.search(q, 5, 64), b.search(q, 5, 64));
        }
    }
}
