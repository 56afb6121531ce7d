package org.distill4ads.transformer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.io.SafeTensors;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Part of the hostile-input suite (docs/guarantees.md): corrupt model folders. Each is refused at
 * load with an IOException naming the file and the value, never an ArithmeticException, a bare
 * parser message or a failure at query time.
 */
class HostileModelFilesTest {
    @TempDir
    Path dir;

    private Path saved(String name) throws IOException {
        Path d = dir.resolve(name);
        ModelFiles.save(ModelFilesTest.biEncoder(3, 0), d);
        return d;
    }

    private Path savedWordPiece(String name) throws IOException {
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "red", "shoes", "lamp"));
        WordPieceTokenizer tok = WordPieceTokenizer.uncased(vocab);
        BiEncoder model = new BiEncoder(new BertEncoder(BertConfig.small(10, 16, 1, 2, 16), org.nd4j.linalg.api.buffer.DataType.FLOAT, 1),
                tok, new BiEncoder.Settings(Pooling.MEAN, 0, new int[] {16, 8}, 16), 1);
        Path d = dir.resolve(name);
        ModelFiles.save(model, d);
        // these tests damage vocab.txt or tokenizer_config.json, which are read when tokenizer.json is absent
        Files.delete(d.resolve(org.distill4ads.transformer.text.TokenizerJson.FILE));
        return d;
    }

    private static String setField(Path config, String field, String value) throws IOException {
        String s = Files.readString(config).replaceAll("\"" + field + "\"\\s*:\\s*[0-9.eE+-]+", "\"" + field + "\" : " + value);
        Files.writeString(config, s);
        return s;
    }

    @Test
    void aHugeVocabSizeNamesTheFileAndTheValue() throws IOException {
        Path d = saved("huge-vocab");
        Path config = d.resolve(ModelFiles.CONFIG);
        setField(config, "vocab_size", "2147483647");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(d, WhitespaceTokenizer::load));
        assertTrue(e.getMessage().startsWith(config.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("vocab_size 2147483647"), e.getMessage());
        setField(config, "vocab_size", "1000000000000");
        IOException past = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(d, WhitespaceTokenizer::load));
        assertTrue(past.getMessage().contains("'vocab_size' is 1000000000000"), past.getMessage());
    }

    @Test
    void aHugeMaxPositionEmbeddingsNamesTheFileAndTheValue() throws IOException {
        Path d = saved("huge-positions");
        Path config = d.resolve(ModelFiles.CONFIG);
        setField(config, "max_position_embeddings", "1500000000");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(d, WhitespaceTokenizer::load));
        assertTrue(e.getMessage().contains(config.toString()) && e.getMessage().contains("max_position_embeddings 1500000000"),
                e.getMessage());
        setField(config, "max_position_embeddings", "3.5");
        IOException frac = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(d, WhitespaceTokenizer::load));
        assertTrue(frac.getMessage().contains("'max_position_embeddings' is 3.5"), frac.getMessage());
    }

    @Test
    void aVocabularyLongerThanTheEmbeddingTableIsRefusedAtLoad() throws IOException {
        Path d = savedWordPiece("long-vocab");
        List<String> lines = new ArrayList<>(Files.readAllLines(d.resolve(WordPieceTokenizer.VOCAB_FILE)));
        for (int i = 0; i < 5; i++) {
            lines.add("extra" + i);   // 12 tokens, a table of 10 rows
        }
        Files.write(d.resolve(WordPieceTokenizer.VOCAB_FILE), lines);
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(d, WordPieceTokenizer::load));
        assertTrue(e.getMessage().contains("12 tokens") && e.getMessage().contains("vocab_size 10"), e.getMessage());
    }

    @Test
    void aVocabularyWithDuplicateLinesNamesTheLine() throws IOException {
        Path d = savedWordPiece("dup-vocab");
        Path vocab = d.resolve(WordPieceTokenizer.VOCAB_FILE);
        List<String> lines = new ArrayList<>(Files.readAllLines(vocab));
        lines.add("red");
        Files.write(vocab, lines);
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(d, WordPieceTokenizer::load));
        assertEquals(vocab + ":8: token 'red' is already on line 5; every token must be listed once", e.getMessage());
    }

    @Test
    void aFolderInPlaceOfTheWeightsIsNamed() throws IOException {
        Path d = saved("dir-weights");
        Files.delete(d.resolve(ModelFiles.WEIGHTS));
        Files.createDirectories(d.resolve(ModelFiles.WEIGHTS));
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(d, WhitespaceTokenizer::load));
        assertTrue(e.getMessage().contains(d.resolve(ModelFiles.WEIGHTS) + " is a folder"), e.getMessage());
    }

    @Test
    void aGarbledTokenizerConfigNamesTheFile() throws IOException {
        Path d = savedWordPiece("garbled");
        Path config = d.resolve(WordPieceTokenizer.CONFIG_FILE);
        Files.writeString(config, "{\"do_lower_case\": tru");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(d, WordPieceTokenizer::load));
        assertTrue(e.getMessage().startsWith(config + ": is not valid JSON"), e.getMessage());
        Files.writeString(config, "{\"do_lower_case\": \"yes\"}");
        IOException kind = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(d, WordPieceTokenizer::load));
        assertTrue(kind.getMessage().contains("do_lower_case is \"yes\""), kind.getMessage());
    }

    @Test
    void aGarbledSettingsFileNamesTheFile() throws IOException {
        Path d = saved("garbled-settings");
        Files.writeString(d.resolve(ModelFiles.SETTINGS), "{\"kind\": ");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(d, WhitespaceTokenizer::load));
        assertTrue(e.getMessage().startsWith(d.resolve(ModelFiles.SETTINGS) + ": is not valid JSON"), e.getMessage());
    }

    @Test
    void nonFiniteWeightsAreRefusedAtLoadNamingTheTensor() throws IOException {
        Path d = saved("nan");
        Path weights = d.resolve(ModelFiles.WEIGHTS);
        Map<String, INDArray> w = new LinkedHashMap<>(SafeTensors.load(weights));
        String name = "encoder.layer.0.output.dense.weight";
        w.get(name).putScalar(3, Float.NaN);
        w.get(name).putScalar(7, Float.POSITIVE_INFINITY);
        SafeTensors.save(weights, w);
        IOException e = assertThrows(IOException.class, () -> ModelFiles.loadBiEncoder(d, WhitespaceTokenizer::load));
        assertEquals(weights + ": tensor '" + name + "' holds 2 non-finite weights (the first, at flat index 3, is NaN);"
                + " a model's weights must be finite", e.getMessage());
    }

    @Test
    void theFingerprintSurvivesSaveAndLoadAndTellsModelsApart() throws IOException {
        BiEncoder a = ModelFilesTest.biEncoder(3, 0);
        BiEncoder b = ModelFilesTest.biEncoder(4, 0);
        Path d = dir.resolve("fp");
        ModelFiles.save(a, d);
        BiEncoder loaded = ModelFiles.loadBiEncoder(d, WhitespaceTokenizer::load);
        assertEquals(a.fingerprint(), loaded.fingerprint());
        assertEquals(a.fingerprint(), a.keyphraseEmbedder().fingerprint());
        assertNotEquals(a.fingerprint(), b.fingerprint(), "same width, other weights");
        assertEquals(a.fingerprint().parameters(), a.parameters().stream().mapToLong(p -> p.value().length()).sum());
    }
}
