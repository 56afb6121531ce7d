package org.distill4ads.transformer.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distill4ads.transformer.model.TokenBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordPieceTokenizerTest {
    // ids:                          0        1        2        3       4      5       6      7        8       9     10
    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "run", "##ning", "shoe", "##s", "red", ",", "北");
    final WordPieceTokenizer tok = WordPieceTokenizer.uncased(VOCAB);

    @TempDir
    Path dir;

    @Test
    void greedyLongestMatchWithContinuations() {
        assertEquals(List.of("red", "run", "##ning", "shoe", "##s", ",", "北", "[UNK]"), tok.tokenize("RED Running shoes,北x"));
        // "shoex" cannot be covered completely: the whole word becomes [UNK]
        assertEquals(List.of("[UNK]"), tok.tokenize("shoex"));
        assertEquals(List.of("[UNK]"), tok.tokenize("s".repeat(101)));
        assertEquals(List.of(), tok.tokenize(" \t\u0000 "));
    }

    @Test
    void aLiteralSepInsideATextIsTheSeparatorToken() {
        // the assistant's input "keyphrase [SEP] category [SEP] title" as a pair (keyphrase, "category [SEP] title")
        WordPieceTokenizer.Encoding e = tok.encodePair("red shoes", "running [SEP] shoe", 16);
        assertArrayEquals(new int[] {2, 8, 6, 7, 3, 4, 5, 3, 6, 3}, e.ids());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, e.typeIds());
        assertEquals(List.of("[SEP]", "red", "[SEP]", "[SEP]"), tok.tokenize("[SEP]red[SEP][SEP]"));
        // matched as written, before lower-casing, as Hugging Face matches special tokens
        assertEquals(List.of("[UNK]", "[UNK]", "[UNK]"), tok.tokenize("[sep]"));
    }

    @Test
    void pairsTruncationAndPadding() {
        WordPieceTokenizer.Encoding e = tok.encodePair("red shoes", "running", 16);
        assertArrayEquals(new int[] {2, 8, 6, 7, 3, 4, 5, 3}, e.ids());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1}, e.typeIds());
        // budget 6 - 3 = 3 for two sides of 3 tokens: the first keeps 3 / 2 = 1, the second 2
        assertArrayEquals(new int[] {2, 8, 3, 4, 4, 3}, tok.encodePair("red shoes", "run run run", 6).ids());
        // a short side keeps everything, the long side takes the rest of the budget
        assertArrayEquals(new int[] {2, 8, 3, 4, 4, 3}, tok.encodePair("red", "run run run run", 6).ids());
        assertArrayEquals(new int[] {2, 8, 3}, tok.encode("red shoes", 3).ids());
        TokenBatch b = tok.encode(List.of("red", "red shoes"), 10);
        assertArrayEquals(new int[] {2, 8, 3, 0, 0}, b.ids().getRow(0).toIntVector());
        assertArrayEquals(new int[] {2, 8, 6, 7, 3}, b.ids().getRow(1).toIntVector());
        assertArrayEquals(new int[] {1, 1, 1, 0, 0}, b.mask().getRow(0).toIntVector());
        assertThrows(IllegalArgumentException.class, () -> tok.encodePair("a", "b", 2));
    }

    @Test
    void vocabFileRoundTripAndErrors() throws IOException {
        tok.save(dir);
        WordPieceTokenizer back = WordPieceTokenizer.load(dir);
        assertEquals(VOCAB, back.vocabulary());
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, List.of("[PAD]", "", "[CLS]"));
        IOException e = assertThrows(IOException.class, () -> WordPieceTokenizer.fromVocabFile(bad, true));
        assertTrue(e.getMessage().contains("bad.txt:2"), e.getMessage());
        Path noUnk = dir.resolve("nounk.txt");
        Files.write(noUnk, List.of("[PAD]", "[CLS]", "[SEP]"));
        e = assertThrows(IOException.class, () -> WordPieceTokenizer.fromVocabFile(noUnk, true));
        assertTrue(e.getMessage().contains("[UNK]"), e.getMessage());
    }

    @Test
    void learnerIsDeterministicAndCoversTheCorpus() {
        List<String> corpus = List.of("red running shoes", "blue running shoes", "red lamp", "Running lamps!");
        WordPieceVocabLearner learner = new WordPieceVocabLearner(BertNormalizer.uncased());
        List<String> v1 = learner.learn(corpus, 60);
        assertEquals(v1, learner.learn(corpus, 60));
        assertEquals(60, v1.size());
        assertEquals(WordPieceVocabLearner.SPECIAL, v1.subList(0, 5));
        assertTrue(v1.contains("running") && v1.contains("red"), v1.toString());
        WordPieceTokenizer t = WordPieceTokenizer.uncased(v1);
        for (String text : corpus) {
            assertTrue(!t.tokenize(text).contains("[UNK]"), text + " -> " + t.tokenize(text));
        }
        assertThrows(IllegalArgumentException.class, () -> learner.learn(corpus, 10));
    }
}
