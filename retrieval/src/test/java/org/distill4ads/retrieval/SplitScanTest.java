package org.distill4ads.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.distill4ads.retrieval.kernel.Kernels;
import org.distill4ads.retrieval.kernel.ScalarKernel;
import org.distill4ads.retrieval.kernel.VectorKernel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scans large enough to split over two threads, with the reference and the SIMD kernel, against
 * double-precision scores: each returned score is the reference score of its row, and no row
 * left out scores better than the worst one returned (beyond float rounding).
 */
class SplitScanTest {
    static final int ROWS = 2 * ParallelScan.MIN_ROWS_PER_PART + 1021;
    static final int DIM = 48;
    static float[][] rows;
    static float[][] queries;
    static EmbeddingStore store;

    @BeforeAll
    static void data() {
        rows = ExactIndexTest.random(ROWS, DIM, 31);
        queries = ExactIndexTest.random(4, DIM, 32);
        store = ExactIndexTest.store(rows);
    }

    static void assertExactTop(List<Hit> hits, float[] q, int k, int d, double tol, String what) {
        double[] ref = ExactIndexTest.naiveScores(rows, q, d);
        double[] sorted = ref.clone();
        Arrays.sort(sorted);
        double kth = sorted[sorted.length - k];
        assertEquals(k, hits.size(), what);
        for (int i = 0; i < hits.size(); i++) {
            Hit h = hits.get(i);
            assertEquals(ref[h.id()], h.score(), tol, what + " score of row " + h.id());
            assertTrue(ref[h.id()] >= kth - tol, what + " row " + h.id() + " is not among the best " + k);
            if (i > 0) {
                assertTrue(hits.get(i - 1).score() >= h.score(), what + " order");
            }
        }
        assertEquals(k, hits.stream().map(Hit::id).distinct().count(), what + " distinct ids");
    }

    @Test
    void floatScanSplitOverThreadsWithBothKernels() {
        for (VectorKernel kernel : List.of(ScalarKernel.INSTANCE, Kernels.panama())) {
            try (ExactIndex index = new ExactIndex(store, 2, kernel)) {
                for (int d : new int[] {DIM, 13}) {
                    for (float[] q : queries) {
                        assertExactTop(index.search(q, 10, d), q, 10, d, 1e-5, kernel.name() + " d=" + d);
                    }
                    List<List<Hit>> batch = index.search(queries, 10, d);
                    for (int i = 0; i < queries.length; i++) {
                        assertExactTop(batch.get(i), queries[i], 10, d, 1e-5, kernel.name() + " batch d=" + d);
                        // the split points fall inside a panel: the single query's parts still cover every row once
                        assertEquals(index.search(queries[i], 10, d), batch.get(i), kernel.name() + " single = batch d=" + d);
                    }
                }
            }
        }
    }

    @Test
    void int8ScanSplitOverThreadsWithBothKernels() {
        List<List<Hit>> byKernel = new java.util.ArrayList<>();
        for (VectorKernel kernel : List.of(ScalarKernel.INSTANCE, Kernels.panama())) {
            Int8Index index = new Int8Index(store, 4, 2, kernel);
            try (ExactIndex exact = new ExactIndex(store, 2, kernel)) {
                double recall = Recall.atK(exact, index, queries, 10, DIM);
                assertTrue(recall >= 0.99, kernel.name() + " recall " + recall);
            }
            for (float[] q : queries) {
                List<Hit> hits = index.search(q, 10, 13);
                double[] ref = ExactIndexTest.naiveScores(rows, q, 13);
                for (Hit h : hits) {
                    assertEquals(ref[h.id()], h.score(), 1e-5, kernel.name() + " re-ranked score");
                }
            }
            byKernel.add(index.search(queries[0], 40, DIM));
        }
        // the int8 arithmetic is exact in both kernels: the same candidates, the same ids
        assertEquals(byKernel.get(0).stream().map(Hit::id).toList(), byKernel.get(1).stream().map(Hit::id).toList());
    }
}
