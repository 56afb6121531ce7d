package org.distill4ads.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.distill4ads.transformer.PairScorer;
import org.distill4ads.transformer.TextEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/retrieval.md, kept compiling and running (with a toy embedder and filter). */
class RetrievalDocExampleTest {
    @TempDir
    Path dir;

    @Test
    void example() throws Exception {
        TextEmbedder biEncoder = KeyphraseRecommenderTest.EMBEDDER;   // a trained BiEncoder in real use
        PairScorer crossEncoder = KeyphraseRecommenderTest.FILTER;    // a trained CrossEncoder in real use
        List<String> keyphrases = KeyphraseRecommenderTest.PHRASES;
        // --- docs/retrieval.md example begins
        EmbeddingStore store = EmbeddingStore.of(keyphrases, biEncoder.embed(keyphrases, biEncoder.dimension()));
        store.save(dir.resolve("keyphrases.store"));                  // atomic, checksummed
        try (ExactIndex index = new ExactIndex(EmbeddingStore.load(dir.resolve("keyphrases.store")))) {
            KeyphraseRecommender recommender = new KeyphraseRecommender(biEncoder, index, store, crossEncoder,
                    Deduplicator.standard(), new KeyphraseRecommender.Settings(3, 8, 5, 0.5f));
            Recommendation r = recommender.recommend("Nike running shoe, men's 10");
            r.kept().forEach(s -> System.out.printf("%-20s %.3f %.3f%n", s.keyphrase(), s.similarity(), s.relevance()));
            r.dropped().forEach(d -> System.out.println("dropped: " + d));
        }
        // --- example ends
        assertEquals(8, store.size());
    }
}
