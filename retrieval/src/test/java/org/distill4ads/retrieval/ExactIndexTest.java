package org.distill4ads.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactIndexTest {
    @TempDir
    Path dir;

    static float[][] random(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] v = new float[n][d];
        for (float[] row : v) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return v;
    }

    static EmbeddingStore store(float[][] rows) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            texts.add("kp" + i);
        }
        return EmbeddingStore.of(texts, rows);
    }

    /** The reference scores: normalize the prefixes of copies and score every row in double. */
    static double[] naiveScores(float[][] rows, float[] q, int d) {
        double qn = 0;
        for (int j = 0; j < d; j++) {
            qn += q[j] * q[j];
        }
        double[] s = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double full = 0;
            for (float x : rows[i]) {
                full += x * x;   // rows are normalized at full width first, as the store does
            }
            double rn = 0;
            double dot = 0;
            for (int j = 0; j < d; j++) {
                double x = rows[i][j] / Math.sqrt(full);
                rn += x * x;
                dot += x * q[j];
            }
            s[i] = dot / Math.sqrt(rn) / Math.sqrt(qn);
        }
        return s;
    }

    static List<Integer> naive(float[][] rows, float[] q, int k, int d) {
        double[] s = naiveScores(rows, q, d);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            ids.add(i);
        }
        ids.sort(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparing(i -> i));
        return ids.subList(0, Math.min(k, ids.size()));
    }

    @Test
    void equalsNaiveOverOddSizesAndPrefixes() {
        for (int n : new int[] {1, 7, 13, 207, 1021}) {
            float[][] rows = random(n, 13, n);
            try (ExactIndex index = new ExactIndex(store(rows), 2)) {
                for (int d : new int[] {13, 7, 2}) {
                    float[] q = random(1, 13, 100 + n)[0];
                    double[] scores = naiveScores(rows, q, d);
                    List<Integer> expected = naive(rows, q, 10, d);
                    List<Hit> got = index.search(q, 10, d);
                    assertEquals(expected.size(), got.size());
                    for (int r = 0; r < got.size(); r++) {
                        // float32 rounding may swap scores closer than 1e-5; compare scores per rank
                        assertEquals(scores[expected.get(r)], got.get(r).score(), 1e-5, "n=" + n + " d=" + d + " rank " + r);
                        assertEquals(scores[got.get(r).id()], got.get(r).score(), 1e-5, "reported score of id " + got.get(r).id());
                    }
                    if (d == 13) {
                        assertEquals(expected, got.stream().map(Hit::id).toList(), "n=" + n);
                    }
                }
            }
        }
    }

    @Test
    void tiesGoToTheSmallerIdAndKMayExceedN() {
        float[][] rows = {{1, 0}, {0, 1}, {1, 0}, {1, 0}, {0.6f, 0.8f}};
        try (ExactIndex index = new ExactIndex(store(rows), 1)) {
            List<Hit> hits = index.search(new float[] {2, 0}, 10, 2);
            assertEquals(List.of(0, 2, 3, 4, 1), hits.stream().map(Hit::id).toList());
            assertEquals(1.0f, hits.get(0).score(), 1e-6);
            assertEquals(0.6f, hits.get(3).score(), 1e-6);
        }
    }

    @Test
    void prefixQueriesEqualQueriesOnTruncatedCopies() {
        float[][] rows = random(300, 32, 5);
        float[] q = random(1, 32, 6)[0];
        float[][] truncated = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double n = 0;
            for (float x : rows[i]) {
                n += x * x;
            }
            truncated[i] = new float[8];
            for (int j = 0; j < 8; j++) {
                truncated[i][j] = (float) (rows[i][j] / Math.sqrt(n));
            }
        }
        try (ExactIndex full = new ExactIndex(store(rows), 1); ExactIndex small = new ExactIndex(store(truncated), 1)) {
            List<Hit> a = full.search(q, 20, 8);
            List<Hit> b = small.search(java.util.Arrays.copyOf(q, 8), 20, 8);
            assertEquals(b.stream().map(Hit::id).toList(), a.stream().map(Hit::id).toList());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(b.get(i).score(), a.get(i).score(), 1e-5);
            }
        }
    }

    @Test
    void concurrentAndBatchedQueriesEqualSequentialOnes() throws Exception {
        float[][] rows = random(2000, 24, 9);
        float[][] queries = random(64, 24, 10);
        try (ExactIndex index = new ExactIndex(store(rows), 2)) {
            List<List<Hit>> sequential = new ArrayList<>();
            for (float[] q : queries) {
                sequential.add(index.search(q, 5, 16));
            }
            List<List<Hit>> batched = index.search(queries, 5, 16);
            for (int i = 0; i < queries.length; i++) {
                // both paths score the panel copy with the same multiply-adds: the same hits bit for bit
                assertEquals(sequential.get(i), batched.get(i), "query " + i);
            }
            // odd sizes: several GEMM blocks with a partial last one, k > n, full width
            float[][] many = random(ExactIndex.BLOCK * 2 + 37, 8, 12);
            try (ExactIndex big = new ExactIndex(store(many), 2)) {
                float[][] qs = random(3, 8, 13);
                List<List<Hit>> b = big.search(qs, 7, 8);
                for (int i = 0; i < qs.length; i++) {
                    assertEquals(big.search(qs[i], 7, 8).stream().map(Hit::id).toList(), b.get(i).stream().map(Hit::id).toList());
                }
            }
            try (ExactIndex tiny = new ExactIndex(store(random(3, 4, 1)), 2)) {
                assertEquals(3, tiny.search(random(2, 4, 2), 10, 4).get(1).size());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Hit>>> fs = new ArrayList<>();
                for (float[] q : queries) {
                    fs.add(pool.submit(() -> index.search(q, 5, 16)));
                }
                for (int i = 0; i < queries.length; i++) {
                    assertEquals(sequential.get(i), fs.get(i).get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void badQueriesAreRejected() {
        try (ExactIndex index = new ExactIndex(store(random(5, 4, 1)), 1)) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> index.search(new float[4], 3, 4)).getMessage().contains("norm"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> index.search(new float[] {1, 0, 0, 0}, 3, 5)).getMessage().contains("[1, 4]"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> index.search(new float[] {1, 0, 0, 0}, 0, 4)).getMessage().contains("k"));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store(new float[][] {{1, 2}, {1, 2, 3}})).getMessage().contains("3 != 2"));
    }

    @Test
    void storeRoundTripAndCorruption() throws IOException {
        float[][] rows = random(50, 6, 3);
        EmbeddingStore s = store(rows);
        s.add("naïve café", new float[] {1, 2, 3, 4, 5, 6});
        Path f = dir.resolve("kp.store");
        s.save(f);
        EmbeddingStore back = EmbeddingStore.load(f);
        assertEquals(s.size(), back.size());
        assertEquals("naïve café", back.text(50));
        for (int i = 0; i < s.size(); i++) {
            assertEquals(java.util.Arrays.toString(s.row(i)), java.util.Arrays.toString(back.row(i)));
        }
        byte[] bytes = Files.readAllBytes(f);
        byte[] flipped = bytes.clone();
        flipped[40] ^= 1;
        Files.write(f, flipped);
        assertTrue(assertThrows(IOException.class, () -> EmbeddingStore.load(f)).getMessage().contains("checksum"));
        Files.write(f, java.util.Arrays.copyOf(bytes, 100));
        IOException e = assertThrows(IOException.class, () -> EmbeddingStore.load(f));
        assertTrue(e.getMessage().contains("kp.store") && e.getMessage().contains("truncated"), e.getMessage());
        Files.write(f, "not a store at all".getBytes());
        assertTrue(assertThrows(IOException.class, () -> EmbeddingStore.load(f)).getMessage().contains("magic"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left");
        }
    }
}
