package org.distill4ads.distill.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.distill4ads.retrieval.Deduplicator;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.retrieval.ExactIndex;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;
import org.distill4ads.transformer.TextEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The micro-batcher against the recommender called alone: equal results under 16 threads, batches
 * formed while the model is busy, one bad request failing alone, and a clean close.
 */
@Timeout(60)
class BatchingRecommenderTest {
    static final List<String> KEYPHRASES = List.of("red shoes", "blue shoes", "shoes red", "green lamp", "lamp", "sofa", "grey sofa");

    /** Embeds a text by its letters (a..z counts, normalized); "boom" makes it throw; counts its calls. */
    static final class LetterEmbedder implements TextEmbedder {
        final ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
        volatile long delayMillis;

        @Override
        public int dimension() {
            return 26;
        }

        @Override
        public float[][] embed(List<String> texts, int dim) {
            batchSizes.add(texts.size());
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            float[][] out = new float[texts.size()][dim];
            for (int i = 0; i < texts.size(); i++) {
                if (texts.get(i).contains("boom")) {
                    throw new IllegalArgumentException("cannot embed '" + texts.get(i) + "'");
                }
                double norm = 0;
                for (char c : texts.get(i).toCharArray()) {
                    if (c >= 'a' && c <= 'z' && c - 'a' < dim) {
                        out[i][c - 'a']++;
                    }
                }
                for (float x : out[i]) {
                    norm += x * x;
                }
                for (int j = 0; j < dim; j++) {
                    out[i][j] /= (float) Math.max(Math.sqrt(norm), 1e-6);
                }
            }
            return out;
        }
    }

    static KeyphraseRecommender recommender(LetterEmbedder e, ExactIndex[] keep) {
        EmbeddingStore store = EmbeddingStore.of(KEYPHRASES, new LetterEmbedder().embed(KEYPHRASES, 26));
        keep[0] = new ExactIndex(store, 1);
        return new KeyphraseRecommender(e, keep[0], store, null, Deduplicator.standard(), new KeyphraseRecommender.Settings(26, 5, 3, 0f));
    }

    @Test
    void concurrentCallersGetWhatTheyGetAloneAndShareBatches() throws Exception {
        LetterEmbedder e = new LetterEmbedder();
        ExactIndex[] index = new ExactIndex[1];
        KeyphraseRecommender alone = recommender(e, index);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            items.add(List.of("red sneakers", "a grey sofa", "lamp green", "blue suede shoes").get(i % 4) + " " + i);
        }
        List<Recommendation> want = new ArrayList<>();
        for (String it : items) {
            want.add(alone.recommend(it));
        }
        e.batchSizes.clear();
        e.delayMillis = 20;   // a busy model: callers arriving meanwhile queue up
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        try (BatchingRecommender b = new BatchingRecommender(alone, 8, 1)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int first = t;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = first; i < items.size(); i += 16) {
                            Recommendation r = b.recommend(items.get(i));
                            if (!r.equals(want.get(i))) {
                                problems.add(items.get(i) + ": " + r + " != " + want.get(i));
                            }
                        }
                    } catch (Exception ex) {
                        problems.add(ex.toString());
                    }
                });
                threads.add(th);
                th.start();
            }
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }
            assertTrue(problems.isEmpty(), problems.toString());
            assertEquals(64, b.stats().items());
            assertEquals(64, b.stats().requests());
            assertTrue(e.batchSizes.stream().allMatch(n -> n <= 8), "at most maxBatch items per call: " + e.batchSizes);
            // 16 callers against a model that takes 20 ms a call: one worker cannot have served them one by one
            assertTrue(b.stats().batches() < 64, "some calls served several requests: " + b.stats());
        }
        index[0].close();
    }

    @Test
    void aBadRequestFailsAloneAndAClosedBatcherRefuses() throws Exception {
        LetterEmbedder e = new LetterEmbedder();
        ExactIndex[] index = new ExactIndex[1];
        KeyphraseRecommender alone = recommender(e, index);
        BatchingRecommender b = new BatchingRecommender(alone, 16, 2);
        e.delayMillis = 50;
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<Object> outcomes = new ConcurrentLinkedQueue<>();
        for (String item : List.of("red shoes", "boom", "grey sofa", "lamp")) {
            Thread t = new Thread(() -> {
                try {
                    outcomes.add(b.recommend(item).item());
                } catch (IllegalArgumentException ex) {
                    outcomes.add(ex.getMessage());
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(java.util.Set.of("red shoes", "cannot embed 'boom'", "grey sofa", "lamp"), java.util.Set.copyOf(outcomes));
        b.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> b.recommend("sofa"));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        index[0].close();
    }
}
