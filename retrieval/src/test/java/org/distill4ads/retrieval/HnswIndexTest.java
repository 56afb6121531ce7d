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

    @Test
    void efSearchIsChosenPerQueryAndBuysRecall() {
        EmbeddingStore store = ExactIndexTest.store(lowIntrinsic(20_000, 5));
        float[][] queries = lowIntrinsic(100, 6);
        HnswIndex hnsw = new HnswIndex(store, 128, 16, 100, 10, 42);
        try (ExactIndex exact = new ExactIndex(store, 2)) {
            double low = recall(exact, hnsw, queries, 10);
            double high = recall(exact, hnsw, queries, 200);
            assertTrue(high >= 0.99, "recall@10 at ef 200: " + high);
            assertTrue(high >= low, low + " at ef 10 > " + high + " at ef 200");
            assertEquals(recall(exact, hnsw, queries, 10), Recall.atK(exact, hnsw, queries, 10, 128), 1e-12);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> hnsw.search(queries[0], 10, 128, 0)).getMessage().contains("efSearch"));
    }

    static double recall(ExactIndex exact, HnswIndex hnsw, float[][] queries, int ef) {
        double sum = 0;
        for (float[] q : queries) {
            java.util.Set<Integer> truth = new java.util.HashSet<>();
            exact.search(q, 10, 128).forEach(h -> truth.add(h.id()));
            sum += hnsw.search(q, 10, 128, ef).stream().filter(h -> truth.contains(h.id())).count() / 10.0;
        }
        return sum / queries.length;
    }

    @Test
    void parallelBuildAndReferenceKernelReachTheSameRecall() {
        EmbeddingStore store = ExactIndexTest.store(lowIntrinsic(10_000, 7));
        float[][] queries = lowIntrinsic(100, 8);
        HnswIndex parallel = new HnswIndex(store, 128, 16, 100, 64, 42, 2);
        HnswIndex scalar = new HnswIndex(HnswIndex.build(store, 128, 16, 100, 42, 1,
                org.distill4ads.retrieval.kernel.ScalarKernel.INSTANCE), 64);
        try (ExactIndex exact = new ExactIndex(store, 2)) {
            assertTrue(Recall.atK(exact, parallel, queries, 10, 128) >= 0.98);
            assertTrue(Recall.atK(exact, scalar, queries, 10, 128) >= 0.98);
        }
        assertGraphInvariants(parallel.graph());
        assertGraphInvariants(scalar.graph());
    }

    /** Every list within its bound, no self-links or duplicates, every link to a node on that layer. */
    static void assertGraphInvariants(HnswGraph g) {
        for (int i = 0; i < g.size; i++) {
            for (int l = 0; l <= g.levels[i]; l++) {
                int[] a = l == 0 ? g.links0 : g.upper[i];
                int b = l == 0 ? i * (g.maxM0 + 1) : (l - 1) * (g.m + 1);
                int count = a[b];
                assertTrue(count >= 0 && count <= (l == 0 ? g.maxM0 : g.m), "node " + i + " layer " + l + " count " + count);
                java.util.Set<Integer> seen = new java.util.HashSet<>();
                for (int k = 1; k <= count; k++) {
                    int nb = a[b + k];
                    assertTrue(nb != i && seen.add(nb) && g.levels[nb] >= l, "node " + i + " layer " + l + " link " + nb);
                }
                assertTrue(g.size == 1 || l > 0 || count > 0, "node " + i + " has no links on layer 0");
            }
        }
    }

    @Test
    void saveLoadRoundTripAndCorruption(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        EmbeddingStore store = ExactIndexTest.store(lowIntrinsic(3000, 9));
        float[][] queries = lowIntrinsic(20, 10);
        HnswIndex built = new HnswIndex(store, 96, 8, 60, 30, 11);
        java.nio.file.Path file = dir.resolve("graph.hnsw");
        built.save(file);
        HnswIndex loaded = HnswIndex.load(file, store);
        assertEquals(30, loaded.efSearch());
        assertEquals(96, loaded.dim());
        for (float[] q : queries) {
            assertEquals(built.search(q, 10, 96), loaded.search(q, 10, 96));
            assertEquals(built.search(q, 10, 96, 100), loaded.search(q, 10, 96, 100));
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        java.nio.file.Path bad = dir.resolve("bad.hnsw");
        java.nio.file.Files.write(bad, flipped);
        String msg = assertThrows(java.io.IOException.class, () -> HnswIndex.load(bad, store)).getMessage();
        assertTrue(msg.contains("bad.hnsw") && (msg.contains("checksum") || msg.contains("links")), msg);
        java.nio.file.Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length - 9));
        msg = assertThrows(java.io.IOException.class, () -> HnswIndex.load(bad, store)).getMessage();
        assertTrue(msg.contains("truncated"), msg);
        EmbeddingStore other = ExactIndexTest.store(lowIntrinsic(3000, 12));
        msg = assertThrows(java.io.IOException.class, () -> HnswIndex.load(file, other)).getMessage();
        assertTrue(msg.contains("vector checksum"), msg);
        EmbeddingStore smaller = ExactIndexTest.store(lowIntrinsic(2999, 9));
        msg = assertThrows(java.io.IOException.class, () -> HnswIndex.load(file, smaller)).getMessage();
        assertTrue(msg.contains("3000 rows") && msg.contains("2999"), msg);
        java.nio.file.Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertTrue(assertThrows(java.io.IOException.class, () -> HnswIndex.load(bad, store)).getMessage().contains("magic"));
    }
}
