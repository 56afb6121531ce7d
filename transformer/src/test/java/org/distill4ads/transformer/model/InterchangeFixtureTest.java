package org.distill4ads.transformer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.distill4ads.nn.Tape;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Models travel both ways, checked against what sentence-transformers 6.0.1 and transformers 5.17
 * computed (src/test/resources/interchange, made by src/test/python/interchange_fixtures.py):
 * folders those libraries saved load here and give their outputs; folders this library saves
 * load there and give ours; and this library still writes those folders byte for byte.
 */
class InterchangeFixtureTest {
    private static final double TOL = 1e-5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(InterchangeFixtureTest.class.getResource("/interchange/" + name).toURI());
    }

    private static JsonNode expected(String file) throws Exception {
        return JSON.readTree(fixture(file).toFile());
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static void assertClose(JsonNode expected, float[] actual, String what) {
        assertEquals(expected.size(), actual.length, what + ": width");
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.get(i).asDouble(), actual[i], TOL, what + " [" + i + "]");
        }
    }

    @Test
    void aSentenceTransformersFolderLoadsWithItsPoolingDenseNormalizationAndLength() throws Exception {
        JsonNode e = expected("hf-expected.json");
        BiEncoder m = ModelFiles.loadBiEncoder(fixture("hf-bi"), WordPieceTokenizer::load);
        assertEquals(Pooling.MEAN, m.settings().pooling());
        assertEquals(8, m.dimension());
        assertEquals(10, m.settings().maxLength());
        List<String> texts = strings(e.get("texts"));
        WordPieceTokenizer tok = (WordPieceTokenizer) m.tokenizer();
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(ints(e.get("bi_token_ids").get(i)), tok.encode(texts.get(i), 10).ids(), texts.get(i));
        }
        float[][] emb = m.encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertClose(e.get("bi_embeddings").get(i), emb[i], "embedding of '" + texts.get(i) + "'");
        }
    }

    @Test
    void aTransformersSequenceClassifierLoadsAndGivesItsProbabilities() throws Exception {
        JsonNode e = expected("hf-expected.json");
        CrossEncoder m = ModelFiles.loadCrossEncoder(fixture("hf-cross"), WordPieceTokenizer::load);
        assertTrue(m.hasPooler());
        assertEquals(16, m.maxLength()); // tokenizer_config.json's model_max_length
        List<CrossEncoder.Pair> pairs = new ArrayList<>();
        e.get("pairs").forEach(p -> pairs.add(new CrossEncoder.Pair(p.get(0).asText(), p.get(1).asText())));
        WordPieceTokenizer tok = (WordPieceTokenizer) m.tokenizer();
        for (int i = 0; i < pairs.size(); i++) {
            WordPieceTokenizer.Encoding enc = tok.encodePair(pairs.get(i).first(), pairs.get(i).second(), 16);
            assertArrayEquals(ints(e.get("cross_token_ids").get(i)), enc.ids(), pairs.get(i).toString());
            assertArrayEquals(ints(e.get("cross_type_ids").get(i)), enc.typeIds(), pairs.get(i).toString());
        }
        assertClose(e.get("cross_probabilities"), m.predict(pairs), "probability");
    }

    @Test
    void savedBiEncodersGiveWhatSentenceTransformersAndTransformersComputeFromThem() throws Exception {
        JsonNode e = expected("java-expected.json");
        List<String> texts = strings(e.get("texts"));
        for (String name : List.of("java-bi", "java-bi-cls")) {
            JsonNode x = e.get(name);
            BiEncoder m = ModelFiles.loadBiEncoder(fixture(name), WordPieceTokenizer::load);
            assertEquals(m.settings().maxLength(), x.get("max_seq_length").asInt(), name + ": sentence-transformers' max_seq_length");
            float[][] emb = m.encode(texts);
            WordPieceTokenizer tok = (WordPieceTokenizer) m.tokenizer();
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(ints(x.get("token_ids").get(i)), tok.encode(texts.get(i), m.settings().maxLength()).ids(), name + " " + texts.get(i));
                assertClose(x.get("embeddings").get(i), emb[i], name + ": embedding of '" + texts.get(i) + "'");
            }
            TokenBatch b = tok.encode(texts.subList(0, 1), 512);
            m.eval();
            try (Tape t = Tape.noGrad()) {
                INDArray h = m.encoder().forward(b.ids(), b.typeIds(), b.mask()).value();
                for (int p = 0; p < h.size(1); p++) {
                    assertClose(x.get("first_hidden_state").get(p), h.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(p)).toFloatVector(), name + ": AutoModel's hidden state at " + p);
                }
            }
        }
        assertArrayEquals(new int[] {8, 4}, ModelFiles.loadBiEncoder(fixture("java-bi"), WordPieceTokenizer::load).matryoshka().dims());
    }

    @Test
    void aSavedCrossEncoderGivesAutoModelForSequenceClassificationsProbability() throws Exception {
        JsonNode x = expected("java-expected.json").get("java-cross");
        assertEquals("BertForSequenceClassification", x.get("architecture").get(0).asText());
        assertEquals(1, x.get("num_labels").asInt());
        assertEquals(16, x.get("tokenizer_max_length").asInt());
        CrossEncoder m = ModelFiles.loadCrossEncoder(fixture("java-cross"), WordPieceTokenizer::load);
        List<CrossEncoder.Pair> pairs = new ArrayList<>();
        expected("java-expected.json").get("pairs").forEach(p -> pairs.add(new CrossEncoder.Pair(p.get(0).asText(), p.get(1).asText())));
        List<String> a = pairs.stream().map(CrossEncoder.Pair::first).toList();
        List<String> b = pairs.stream().map(CrossEncoder.Pair::second).toList();
        TokenBatch batch = m.tokenizer().encodePairs(a, b, m.maxLength());
        for (int i = 0; i < pairs.size(); i++) {
            assertArrayEquals(ints(x.get("token_ids").get(i)), batch.ids().getRow(i).toIntVector(), "ids of " + pairs.get(i));
            assertArrayEquals(ints(x.get("type_ids").get(i)), batch.typeIds().getRow(i).toIntVector(), "type ids of " + pairs.get(i));
            assertArrayEquals(ints(x.get("attention_mask").get(i)), batch.mask().getRow(i).toIntVector(), "mask of " + pairs.get(i));
        }
        float[] p = m.predict(pairs);
        assertClose(x.get("hf_probabilities"), p, "AutoModelForSequenceClassification's sigmoid");
        assertClose(x.get("st_probabilities"), p, "sentence-transformers CrossEncoder.predict");
    }

    @Test
    void todaysWriterWritesTheCheckedFoldersByteForByte() throws Exception {
        ModelFiles.save(InterchangeFixtures.bi(), tmp.resolve("java-bi"));
        ModelFiles.save(InterchangeFixtures.biCls(), tmp.resolve("java-bi-cls"));
        ModelFiles.save(InterchangeFixtures.cross(), tmp.resolve("java-cross"));
        for (String name : List.of("java-bi", "java-bi-cls", "java-cross")) {
            assertEquals(files(fixture(name)), files(tmp.resolve(name)), name + ": the files written");
            for (String f : files(fixture(name))) {
                assertArrayEquals(Files.readAllBytes(fixture(name).resolve(f)), Files.readAllBytes(tmp.resolve(name).resolve(f)), name + "/" + f);
            }
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
