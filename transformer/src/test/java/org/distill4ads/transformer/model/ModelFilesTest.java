package org.distill4ads.transformer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelFilesTest {
    static final BertConfig CONFIG = BertConfig.small(50, 16, 2, 2, 32);
    static final List<String> TEXTS = List.of("red running shoes", "vintage brass lamp", "shoes");

    @TempDir
    Path dir;

    static BiEncoder biEncoder(long seed, int projection) {
        return new BiEncoder(new BertEncoder(CONFIG, DataType.FLOAT, seed), new WhitespaceTokenizer(50),
                new BiEncoder.Settings(Pooling.MEAN, projection, projection > 0 ? new int[] {projection, 4} : new int[] {16, 8}, 16), seed);
    }

    @Test
    void biEncoderRoundTripGivesIdenticalEmbeddings() throws IOException {
        BiEncoder model = biEncoder(3, 0);
        float[][] before = model.encode(TEXTS, 2, 8);
        ModelFiles.save(model, dir.resolve("bi"));
        BiEncoder loaded = ModelFiles.loadBiEncoder(dir.resolve("bi"), WhitespaceTokenizer::load);
        assertArrayEquals(before, loaded.encode(TEXTS, 2, 8));
        Map<String, INDArray> keys = SafeTensors.load(dir.resolve("bi").resolve(ModelFiles.WEIGHTS));
        assertTrue(keys.containsKey("encoder.layer.1.attention.self.query.weight"), "BertModel keys without prefix");
        for (float[] row : before) {
            double n = 0;
            for (float x : row) {
                n += x * x;
            }
            assertEquals(1.0, n, 1e-5, "rows are unit length after Matryoshka truncation");
        }
    }

    @Test
    void projectionIsSavedToo() throws IOException {
        BiEncoder model = biEncoder(5, 12);
        assertEquals(12, model.dimension());
        ModelFiles.save(model, dir.resolve("p"));
        assertArrayEquals(model.encode(TEXTS, 8, 12), ModelFiles.loadBiEncoder(dir.resolve("p"), WhitespaceTokenizer::load).encode(TEXTS, 8, 12));
    }

    @Test
    void twoTowersEmbedSidesDifferentlyAndRoundTrip() throws IOException {
        BiEncoder model = new BiEncoder(new BertEncoder(CONFIG, DataType.FLOAT, 1), new BertEncoder(CONFIG, DataType.FLOAT, 2),
                new WhitespaceTokenizer(50), new BiEncoder.Settings(Pooling.MEAN, 0, new int[] {16, 8}, 16), 1);
        assertTrue(model.twoTowers());
        float[][] items = model.encode(TEXTS, 4, 16);
        float[][] phrases = model.keyphraseEmbedder().embed(TEXTS, 16);
        assertTrue(items[0][0] != phrases[0][0], "separate towers give different embeddings");
        ModelFiles.save(model, dir.resolve("two"));
        BiEncoder loaded = ModelFiles.loadBiEncoder(dir.resolve("two"), WhitespaceTokenizer::load);
        assertArrayEquals(items, loaded.encode(TEXTS, 4, 16));
        assertArrayEquals(phrases, loaded.keyphraseEmbedder().embed(TEXTS, 16));
        assertTrue(biEncoder(1, 0).keyphraseEmbedder() != null);
    }

    @Test
    void crossEncoderRoundTripAndRanking() throws IOException {
        CrossEncoder model = new CrossEncoder(new BertEncoder(CONFIG, DataType.FLOAT, 9), new WhitespaceTokenizer(50), 24, 9);
        float[] before = model.predict(CrossEncoder.Pair.zip(List.of("item a", "item b", "item c"), List.of("x", "y z", "w")), 2);
        for (float p : before) {
            assertTrue(p > 0 && p < 1, "probability " + p);
        }
        ModelFiles.save(model, dir.resolve("ce"));
        CrossEncoder loaded = ModelFiles.loadCrossEncoder(dir.resolve("ce"), WhitespaceTokenizer::load);
        assertArrayEquals(before, loaded.predict(CrossEncoder.Pair.zip(List.of("item a", "item b", "item c"), List.of("x", "y z", "w")), 3));
        List<CrossEncoder.Ranked> ranked = loaded.rank("item", List.of("x", "y z", "w"));
        assertTrue(ranked.get(0).score() >= ranked.get(1).score() && ranked.get(1).score() >= ranked.get(2).score());
        assertTrue(SafeTensors.load(dir.resolve("ce").resolve(ModelFiles.WEIGHTS)).containsKey("classifier.weight"));
    }

    @Test
    void meanPoolingCrossEncoderRoundTripsWithItsPooling() throws IOException {
        CrossEncoder model = new CrossEncoder(new BertEncoder(CONFIG, DataType.FLOAT, 9), new WhitespaceTokenizer(50), 24,
                Pooling.MEAN, 9);
        model.eval();
        ModelFiles.save(model, dir.resolve("ce-mean"));
        CrossEncoder loaded = ModelFiles.loadCrossEncoder(dir.resolve("ce-mean"), WhitespaceTokenizer::load);
        assertEquals(Pooling.MEAN, loaded.pooling());
        List<String> a = List.of("item one", "item two");
        List<String> b = List.of("x y", "z");
        assertArrayEquals(model.score(a, b), loaded.score(a, b), 1e-6f);
        CrossEncoder cls = new CrossEncoder(new BertEncoder(CONFIG, DataType.FLOAT, 9), new WhitespaceTokenizer(50), 24, 9);
        cls.eval();
        assertNotEquals(model.score(a, b)[0], cls.score(a, b)[0], "the pooling changes the score");
    }

    @Test
    void misShapedOrMissingTensorsAreNamed() throws IOException {
        ModelFiles.save(biEncoder(1, 0), dir.resolve("m"));
        Path weights = dir.resolve("m").resolve(ModelFiles.WEIGHTS);
        Map<String, INDArray> w = new LinkedHashMap<>(SafeTensors.load(weights));
        w.put("encoder.layer.0.output.dense.weight", Nd4j.zeros(DataType.FLOAT, 3, 3));
        SafeTensors.save(weights, w);
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(dir.resolve("m"), WhitespaceTokenizer::load));
        assertTrue(e.getMessage().contains("bert.encoder.layer.0.output.dense.weight") && e.getMessage().contains("[3, 3]")
                && e.getMessage().contains("[16, 64]"), e.getMessage());
        w.remove("encoder.layer.0.output.dense.weight");
        SafeTensors.save(weights, w);
        e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(dir.resolve("m"), WhitespaceTokenizer::load));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("output.dense.weight"), e.getMessage());
        assertTrue(Files.list(dir).noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary directories left");
    }

    @Test
    void configJsonRoundTripsAndValidates() throws IOException {
        CONFIG.write(dir.resolve("config.json"));
        assertEquals(CONFIG, BertConfig.read(dir.resolve("config.json")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BertConfig.small(10, 10, 1, 3, 8));
        assertTrue(e.getMessage().contains("10") && e.getMessage().contains("3"), e.getMessage());
    }
}
