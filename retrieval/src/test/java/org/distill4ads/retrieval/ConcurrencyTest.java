package org.distill4ads.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.distill4ads.transformer.PairScorer;
import org.distill4ads.transformer.TextEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Part of the hostile-input suite (docs/guarantees.md): every public retrieval class that its
 * javadoc calls thread-safe gives, under 16 threads at once, exactly the results of one thread.
 */
class ConcurrencyTest {
    static final int THREADS = 16;
    static final int DIM = 32;
    static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static float[] vector(long seed) {
        Random r = new Random(seed);
        float[] v = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            v[j] = (float) r.nextGaussian();
        }
        return v;
    }

    static EmbeddingStore store(int rows) {
        List<String> texts = new ArrayList<>();
        float[][] data = new float[rows][];
        for (int i = 0; i < rows; i++) {
            texts.add("keyphrase " + i);
            data[i] = vector(1000 + i);
        }
        return EmbeddingStore.of(texts, data);
    }

    /** Each of {@code n} tasks run once on one thread, then all at once on 16: the same results. */
    static <T> void sameUnderThreads(int n, IntFunction<T> task) throws Exception {
        List<T> sequential = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sequential.add(task.apply(i));
        }
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            futures.add(POOL.submit((Callable<T>) () -> task.apply(id)));
        }
        int differ = 0;
        for (int i = 0; i < n; i++) {
            if (!futures.get(i).get().equals(sequential.get(i))) {
                differ++;
            }
        }
        assertEquals(0, differ, differ + " of " + n + " results differ from the sequential ones");
    }

    @Test
    void exactIndexSingleAndBatchSearches() throws Exception {
        EmbeddingStore s = store(3000);
        try (ExactIndex index = new ExactIndex(s, 4)) {
            sameUnderThreads(480, i -> index.search(vector(i), 10, i % 2 == 0 ? DIM : 16));
            sameUnderThreads(96, i -> index.search(new float[][] {vector(i), vector(i + 1), vector(i + 2)}, 10, DIM));
        }
    }

    @Test
    void int8IndexSearches() throws Exception {
        Int8Index index = new Int8Index(store(2000), 4);
        sameUnderThreads(480, i -> index.search(vector(i), 10, DIM));
    }

    @Test
    void hnswIndexSearches() throws Exception {
        HnswIndex index = new HnswIndex(store(1500), DIM, 8, 40, 40, 7);
        sameUnderThreads(480, i -> index.search(vector(i), 10, DIM));
    }

    /**
     * An embedder and a filter that are NOT thread-safe (each works in one shared scratch array,
     * yielding between writes), as a model with reused buffers is: the recommender must still give
     * the sequential results, because it never runs one model on two threads at once.
     */
    @Test
    void keyphraseRecommenderWithModelsThatAreNotThreadSafe() throws Exception {
        EmbeddingStore s = store(2000);
        TextEmbedder unsafeEmbedder = new TextEmbedder() {
            private final float[] scratch = new float[DIM];

            @Override
            public int dimension() {
                return DIM;
            }

            @Override
            public float[][] embed(List<String> texts, int dim) {
                float[][] out = new float[texts.size()][];
                for (int t = 0; t < out.length; t++) {
                    float[] v = vector(texts.get(t).hashCode());
                    for (int j = 0; j < DIM; j++) {
                        scratch[j] = v[j];
                        Thread.yield();
                    }
                    out[t] = java.util.Arrays.copyOf(scratch, dim);
                }
                return out;
            }
        };
        PairScorer unsafeFilter = new PairScorer() {
            private final float[] scratch = new float[1];

            @Override
            public float[] score(List<String> items, List<String> phrases) {
                float[] out = new float[items.size()];
                for (int i = 0; i < out.length; i++) {
                    scratch[0] = ((items.get(i) + phrases.get(i)).hashCode() & 1023) / 1023f;
                    Thread.yield();
                    out[i] = scratch[0];
                }
                return out;
            }
        };
        try (ExactIndex index = new ExactIndex(s, 2)) {
            KeyphraseRecommender r = new KeyphraseRecommender(unsafeEmbedder, index, s, unsafeFilter, Deduplicator.standard(),
                    new KeyphraseRecommender.Settings(DIM, 20, 5, 0.3f));
            sameUnderThreads(960, i -> r.recommend("item " + i).toString());
            sameUnderThreads(64, i -> r.recommendAll(List.of("item " + i, "item " + (i + 7))).toString());
        }
    }
}
