package org.distill4ads.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distill4ads.transformer.PairScorer;
import org.distill4ads.transformer.TextEmbedder;
import org.junit.jupiter.api.Test;

class KeyphraseRecommenderTest {
    @Test
    void dedupKeysFoldCaseOrderPunctuationAndPlurals() {
        Deduplicator d = Deduplicator.standard();
        assertEquals(d.key("Running Shoes"), d.key("shoe, running"));
        assertEquals(d.key("boxes"), d.key("box"));
        assertEquals(d.key("berries"), d.key("berry"));
        assertEquals(d.key("dresses"), d.key("dress"));
        assertEquals("glass", d.key("glass"));
        assertEquals("bus", d.key("Bus"));
        assertTrue(!d.key("red shoes").equals(d.key("blue shoes")));
        assertEquals(d.key("lamp for desk"), d.key("desk lamp for")); // order only, stop words kept
        assertTrue(!d.key("lamp for desk").equals(d.key("desk lamp")));
        assertEquals(new Deduplicator(true, true).key("lamp for the desk"), new Deduplicator(true, true).key("desk lamp"));
    }

    // Keyphrases on a circle; the item embeds at angle 0, so cosine falls with the index.
    static final List<String> PHRASES = List.of("running shoes", "Running-Shoes", "shoe running", "trainers",
            "red sneakers", "lamp", "desk lamps", "desk lamp");

    static float[] at(double angle) {
        return new float[] {(float) Math.cos(angle), (float) Math.sin(angle), 0f};
    }

    static final TextEmbedder EMBEDDER = new TextEmbedder() {
        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public float[][] embed(List<String> texts, int dim) {
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < out.length; i++) {
                int idx = PHRASES.indexOf(texts.get(i));
                out[i] = java.util.Arrays.copyOf(at(idx < 0 ? 0 : 0.1 * idx), dim);
            }
            return out;
        }
    };

    /** The filter believes only footwear is relevant to the item. */
    static final PairScorer FILTER = (items, phrases) -> {
        float[] s = new float[phrases.size()];
        Map<String, Float> known = Map.of("running shoes", 0.9f, "trainers", 0.8f, "red sneakers", 0.6f);
        for (int i = 0; i < s.length; i++) {
            s[i] = known.getOrDefault(phrases.get(i), 0.1f);
        }
        return s;
    };

    static KeyphraseRecommender recommender(PairScorer filter, int k) {
        float[][] rows = new float[PHRASES.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = at(0.1 * i);
        }
        EmbeddingStore store = EmbeddingStore.of(PHRASES, rows);
        return new KeyphraseRecommender(EMBEDDER, new ExactIndex(store, 1), store, filter, Deduplicator.standard(),
                new KeyphraseRecommender.Settings(3, 8, k, 0.5f));
    }

    @Test
    void keepsTheBestRepresentativeAndExplainsEveryDrop() {
        Recommendation r = recommender(FILTER, 5).recommend("nike running shoe");
        assertEquals(List.of("running shoes", "trainers", "red sneakers"), r.kept().stream().map(Recommendation.Scored::keyphrase).toList());
        assertEquals(0.9f, r.kept().get(0).relevance());
        List<String> why = r.dropped().stream().map(Object::toString).toList();
        assertTrue(why.contains("Running-Shoes (duplicate of \"running shoes\")"), why.toString());
        assertTrue(why.contains("shoe running (duplicate of \"running shoes\")"), why.toString());
        assertTrue(why.contains("lamp (filtered with score 0.100)"), why.toString());
        assertTrue(why.contains("desk lamp (duplicate of \"desk lamps\")"), why.toString());
        assertEquals(PHRASES.size(), r.kept().size() + r.dropped().size(), "every candidate is accounted for");
    }

    @Test
    void withoutAFilterTopKBySimilarity() {
        Recommendation r = recommender(null, 2).recommend("x");
        assertEquals(List.of("running shoes", "trainers"), r.kept().stream().map(Recommendation.Scored::keyphrase).toList());
        assertTrue(Float.isNaN(r.kept().get(0).relevance()));
    }

    @Test
    void catalogStreamsInBatchesWithProgress() {
        List<Recommendation> out = new ArrayList<>();
        List<Long> progress = new ArrayList<>();
        recommender(FILTER, 3).recommendCatalog(List.of("a", "b", "c", "d", "e").iterator(), 2, out::add, progress::add);
        assertEquals(5, out.size());
        assertEquals(List.of(2L, 4L, 5L), progress);
        assertEquals("e", out.get(4).item());
    }

    @Test
    void calibrationKeepsTheRequestedShareOfPositives() {
        float[] scores = {0.9f, 0.8f, 0.2f, 0.7f, 0.6f, 0.95f, 0.1f};
        boolean[] positive = {true, true, false, true, true, true, false};
        // positives sorted: 0.6 0.7 0.8 0.9 0.95; keep 80% -> index floor(0.2 * 5) = 1 -> 0.7 keeps 4 of 5
        assertEquals(0.7f, KeyphraseRecommender.calibrateThreshold(scores, positive, 0.8));
        assertEquals(0.6f, KeyphraseRecommender.calibrateThreshold(scores, positive, 1.0));
        assertEquals(0.95f, KeyphraseRecommender.calibrateThreshold(scores, positive, 0.2));
        assertThrows(IllegalArgumentException.class, () -> KeyphraseRecommender.calibrateThreshold(scores, positive, 0));
        assertThrows(IllegalArgumentException.class, () -> KeyphraseRecommender.calibrateThreshold(scores, new boolean[7], 0.5));
        assertThrows(IllegalArgumentException.class, () -> new KeyphraseRecommender.Settings(3, 5, 6, 0.5f));
    }
}
