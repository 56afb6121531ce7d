package org.distill4ads.transformer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The model API: {@code forward} is the training-time call that keeps the graph, {@code encode},
 * {@code embed}, {@code predict} and {@code rank} are inference; they agree on the numbers.
 */
class ModelApiTest {
    static final List<String> ITEMS = List.of("red running shoes", "vintage brass lamp", "shoes", "lamp shade");
    static final List<String> PHRASES = List.of("shoes", "brass lamp", "red shoes", "lamp");

    static BiEncoder student() {
        return new BiEncoder(new BertEncoder(ModelFilesTest.CONFIG, DataType.FLOAT, 4), new WhitespaceTokenizer(50),
                new BiEncoder.Settings(Pooling.MEAN, 0, new int[] {16, 8}, 16), 4);
    }

    static CrossEncoder crossEncoder() {
        return new CrossEncoder(new BertEncoder(ModelFilesTest.CONFIG, DataType.FLOAT, 6), new WhitespaceTokenizer(50), 24, 6);
    }

    @Test
    void biEncoderForwardKeepsTheGraphAndEncodeGivesTheSameRowsWithout() {
        BiEncoder model = student();
        model.eval();
        Tensor e = model.forward(ITEMS);
        assertTrue(e.requiresGrad(), "forward builds a graph to back-propagate through");
        e.sum().backward();
        assertNotNull(model.encoder().parameters().get(0).gradOrNull(), "gradients reach the encoder");
        float[][] rows = model.encode(ITEMS);
        assertEquals(ITEMS.size(), rows.length);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(e.value().getRow(i).toFloatVector(), rows[i], 1e-6f, "row " + i);
        }
        assertArrayEquals(rows, model.embed(ITEMS, 16));
        float[][] half = model.embed(ITEMS, 8);
        float[][] prefix = MatryoshkaEmbedding.truncate(rows, 8);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(prefix[i], half[i], 1e-6f, "a Matryoshka size is the re-normalized prefix, row " + i);
        }
    }

    @Test
    void crossEncoderPredictIsTheSigmoidOfForwardAndScoreReadsParallelLists() {
        CrossEncoder model = crossEncoder();
        model.eval();
        List<CrossEncoder.Pair> pairs = CrossEncoder.Pair.zip(ITEMS, PHRASES);
        Tensor logits = model.forward(pairs);
        assertTrue(logits.requiresGrad());
        float[] p = model.predict(pairs);
        for (int i = 0; i < p.length; i++) {
            assertEquals(1 / (1 + Math.exp(-logits.value().getFloat(i))), p[i], 1e-6, "pair " + i);
        }
        assertArrayEquals(p, model.predict(pairs, 3), 1e-6f, "the batch size does not change the scores");
        assertArrayEquals(p, model.score(ITEMS, PHRASES), 1e-6f);
    }

    @Test
    void rankKeepsTheTopKBestFirstInTheOrderOfTheFullRanking() {
        CrossEncoder model = crossEncoder();
        List<CrossEncoder.Ranked> all = model.rank("red shoes", ITEMS);
        assertEquals(ITEMS.size(), all.size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).score() >= all.get(i).score(), all.toString());
        }
        float[] p = model.predict(CrossEncoder.Pair.zip(List.of("red shoes", "red shoes", "red shoes", "red shoes"), ITEMS));
        for (CrossEncoder.Ranked r : all) {
            assertEquals(ITEMS.get(r.index()), r.text());
            assertEquals(p[r.index()], r.score(), 1e-6f);
        }
        assertEquals(all.subList(0, 2), model.rank("red shoes", ITEMS, 2));
        assertEquals(all, model.rank("red shoes", ITEMS, 10), "topK above the candidates keeps them all");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.rank("q", ITEMS, 0));
        assertTrue(e.getMessage().contains("topK must be >= 1, got 0"), e.getMessage());
    }

    @Test
    void pairListsOfDifferentLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossEncoder.Pair.zip(List.of("a", "b"), List.of("x")));
        assertTrue(e.getMessage().contains("2 != 1"), e.getMessage());
    }

    @Test
    void newMatryoshkaSizesAreCheckedAgainstTheWidth() {
        BiEncoder model = student();
        assertArrayEquals(new int[] {12, 6}, model.withMatryoshkaDims(new int[] {12, 6}).matryoshka().dims());
        assertArrayEquals(new int[] {12, 6}, model.settings().matryoshkaDims(), "saved with the model");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.withMatryoshkaDims(new int[] {32}));
        assertTrue(e.getMessage().contains("32 exceeds the embedding width 16"), e.getMessage());
    }
}
