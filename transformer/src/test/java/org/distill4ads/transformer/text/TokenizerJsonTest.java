package org.distill4ads.transformer.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer.json we write, read by Hugging Face's Rust tokenizers (through DJL) and by us. */
class TokenizerJsonTest {
    @TempDir
    Path dir;

    private Path miniLm() throws IOException {
        Path p = dir.resolve("minilm-tokenizer.json");
        try (InputStream in = TokenizerJsonTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            Files.copy(in, p);
        }
        return p;
    }

    private static int[] ints(long[] a) {
        return Arrays.stream(a).mapToInt(x -> (int) x).toArray();
    }

    /** Every text and consecutive pair of the parity corpus: the Rust tokenizer on {@code file} against ours. */
    private static void sameAsRust(Path file, WordPieceTokenizer ours) throws IOException {
        List<String> texts = HuggingFaceParityTest.corpus();
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(file, Map.of("padding", "false", "truncation", "false"))) {
            for (String t : texts) {
                assertArrayEquals(ints(hf.encode(t).getIds()), ours.encode(t, 100_000).ids(), t);
            }
            for (int i = 0; i + 1 < texts.size(); i += 2) {
                var ref = hf.encode(texts.get(i), texts.get(i + 1));
                WordPieceTokenizer.Encoding got = ours.encodePair(texts.get(i), texts.get(i + 1), 100_000);
                assertArrayEquals(ints(ref.getIds()), got.ids(), "pair " + i);
                assertArrayEquals(ints(ref.getTypeIds()), got.typeIds(), "pair " + i + " type ids");
            }
        }
    }

    @Test
    void miniLmsTokenizerWrittenAgainTokenizesAsTheOriginalInRust() throws IOException {
        WordPieceTokenizer original = WordPieceTokenizer.fromTokenizerJson(miniLm());
        Path ours = dir.resolve("ours.json");
        TokenizerJson.write(original, ours);
        WordPieceTokenizer back = WordPieceTokenizer.fromTokenizerJson(ours);
        assertEquals(original.vocabulary(), back.vocabulary());
        assertEquals(original.normalizer().lowercase(), back.normalizer().lowercase());
        assertEquals(original.normalizer().stripAccents(), back.normalizer().stripAccents());
        sameAsRust(ours, original);
    }

    @Test
    void aCasedLearnedVocabularyTokenizesAlikeHereAndInRust() throws IOException {
        BertNormalizer cased = new BertNormalizer(true, true, false, false);
        List<String> corpus = new ArrayList<>(HuggingFaceParityTest.corpus());
        List<String> vocab = new WordPieceVocabLearner(cased).learn(corpus, 900);
        WordPieceTokenizer t = new WordPieceTokenizer(vocab, cased, "##", 100);
        t.save(dir);
        Path file = dir.resolve(TokenizerJson.FILE);
        WordPieceTokenizer back = WordPieceTokenizer.load(dir);
        assertEquals(vocab, back.vocabulary());
        assertTrue(!back.normalizer().lowercase() && !back.normalizer().stripAccents());
        assertEquals(back.tokenize("Café ÜBER"), t.tokenize("Café ÜBER"));
        sameAsRust(file, t);
    }

    @Test
    void aVocabularyWithATokenTwiceCannotBeWritten() {
        WordPieceTokenizer t = WordPieceTokenizer.uncased(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "red", "red"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenizerJson.write(t, dir.resolve("t.json")));
        assertEquals("the vocabulary holds 'red' twice (ids 4 and 5); tokenizer.json maps each token to one id", e.getMessage());
    }

    @Test
    void aNormalizerThisTokenizerDoesNotHaveIsRefusedByName() throws IOException {
        Path f = dir.resolve("t.json");
        Files.writeString(f, Files.readString(miniLm()).replaceFirst("\"type\"\\s*:\\s*\"BertNormalizer\"", "\"type\": \"NFKC\""));
        IOException e = assertThrows(IOException.class, () -> WordPieceTokenizer.fromTokenizerJson(f));
        assertEquals(f + ": normalizer type is 'NFKC', expected BertNormalizer", e.getMessage());
    }
}
