package org.distill4ads.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.distill4ads.transformer.ModelFingerprint;
import org.distill4ads.transformer.PairScorer;
import org.distill4ads.transformer.TextEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part of the hostile-input suite (docs/guarantees.md): the serving side refuses what would give
 * silent garbage (a store searched with another model, NaN scores) and sees rows added later.
 */
class HostileRetrievalTest {
    static final ModelFingerprint A = new ModelFingerprint("00112233445566aa", 1234);
    static final ModelFingerprint B = new ModelFingerprint("00112233445566bb", 1234);

    @TempDir
    Path dir;

    static TextEmbedder embedder(ModelFingerprint fp, float value) {
        return new TextEmbedder() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public float[][] embed(List<String> texts, int dim) {
                float[][] out = new float[texts.size()][];
                for (int i = 0; i < out.length; i++) {
                    out[i] = new float[] {value, 1, 0};
                }
                return out;
            }

            @Override
            public ModelFingerprint fingerprint() {
                return fp;
            }
        };
    }

    static EmbeddingStore store(ModelFingerprint fp) {
        return EmbeddingStore.of(List.of("red shoes", "lamp", "blue shoes"),
                new float[][] {{1, 0, 0}, {0, 1, 0}, {1, 1, 0}}, fp);
    }

    static KeyphraseRecommender.Settings settings() {
        return new KeyphraseRecommender.Settings(3, 3, 2, 0.5f);
    }

    @Test
    void aStoreEmbeddedByAnotherModelIsRefusedNamingBoth() {
        EmbeddingStore s = store(A);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KeyphraseRecommender(
                embedder(B, 1), new ExactIndex(s, 1), s, null, Deduplicator.standard(), settings()));
        assertTrue(e.getMessage().contains(A.toString()) && e.getMessage().contains(B.toString()), e.getMessage());
        // the same model, or an embedder that does not know its model, is accepted
        new KeyphraseRecommender(embedder(A, 1), new ExactIndex(s, 1), s, null, Deduplicator.standard(), settings());
        new KeyphraseRecommender(embedder(null, 1), new ExactIndex(s, 1), s, null, Deduplicator.standard(), settings());
    }

    @Test
    void theFingerprintSurvivesSaveAndLoad() throws IOException {
        Path f = dir.resolve("kp.index");
        store(A).save(f);
        EmbeddingStore back = EmbeddingStore.load(f);
        assertEquals(A, back.model());
        store(null).save(f);
        assertNull(EmbeddingStore.load(f).model());
    }

    @Test
    void aVersion1StoreWithoutFingerprintStillLoads() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 12 + 8 + 4 + 1 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(EmbeddingStore.MAGIC).putInt(1).putInt(1).putInt(2).putFloat(0.6f).putFloat(0.8f).putInt(1)
                .put("x".getBytes(StandardCharsets.UTF_8));
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putLong(crc.getValue());
        Path f = dir.resolve("v1.index");
        Files.write(f, b.array());
        EmbeddingStore s = EmbeddingStore.load(f);
        assertNull(s.model());
        assertEquals("x", s.text(0));
        assertEquals(0.8f, s.row(0)[1]);
    }

    @Test
    void aFilterThatReturnsNanIsRefusedInsteadOfKeepingEverything() {
        EmbeddingStore s = store(null);
        PairScorer nan = (items, phrases) -> {
            float[] out = new float[items.size()];
            java.util.Arrays.fill(out, Float.NaN);
            return out;
        };
        KeyphraseRecommender r = new KeyphraseRecommender(embedder(null, 1), new ExactIndex(s, 1), s, nan,
                Deduplicator.standard(), settings());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.recommend("grey velvet sofa"));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("grey velvet sofa"), e.getMessage());
        PairScorer big = (items, phrases) -> new float[] {2f, 2f, 2f};
        CandidateFilter f = new CandidateFilter(s::text, big, Deduplicator.standard(), 2, 0.5f);
        assertThrows(IllegalStateException.class, () -> f.apply(List.of("x"), List.of(List.of(new Hit(0, 1f)))));
    }

    @Test
    void anEmbedderThatReturnsNanIsRefused() {
        EmbeddingStore s = store(null);
        KeyphraseRecommender r = new KeyphraseRecommender(embedder(null, Float.NaN), new ExactIndex(s, 1), s, null,
                Deduplicator.standard(), settings());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.recommend("sofa"));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
    }

    @Test
    void exactIndexBatchSearchSeesRowsAddedAfterItsFirstSearch() {
        EmbeddingStore s = store(null);
        try (ExactIndex index = new ExactIndex(s, 2)) {
            float[][] q = {{0, 0, 1}};
            assertEquals(3, index.search(q, 5, 3).get(0).size());
            int id = s.add("garden hose", new float[] {0, 0, 1});
            List<Hit> hits = index.search(q, 5, 3).get(0);
            assertEquals(4, hits.size());
            assertEquals(id, hits.get(0).id(), "the new row is the best match");
            assertEquals(1f, hits.get(0).score(), 1e-6);
            assertEquals(hits, index.search(q[0], 5, 3), "batch and single searches agree");
        }
    }
}
