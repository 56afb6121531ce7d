package org.distill4ads.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.distill4ads.transformer.model.BertConfig;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.model.Pooling;
import org.distill4ads.transformer.text.BertNormalizer;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.distill4ads.transformer.text.WordPieceVocabLearner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** The example of docs/transformer.md, kept compiling and running. */
class TransformerDocExampleTest {
    @TempDir
    Path dir;

    @Test
    void example() throws Exception {
        // --- docs/transformer.md example begins
        List<String> corpus = List.of("red running shoes", "trainers for men", "vintage brass table lamp", "desk lamp");
        List<String> vocab = new WordPieceVocabLearner(BertNormalizer.uncased()).learn(corpus, 200);
        WordPieceTokenizer tokenizer = WordPieceTokenizer.uncased(vocab);
        BertConfig config = BertConfig.small(tokenizer.vocabSize(), 64, 2, 4, 64);

        BiEncoder student = new BiEncoder(new BertEncoder(config, DataType.FLOAT, 42), tokenizer,
                new BiEncoder.Settings(Pooling.MEAN, 0, new int[] {64, 32, 16}, 32), 42);
        float[][] items = student.encode(List.of("red running shoes"), 32, 32);      // 1 x 32, unit length
        float[][] phrases = student.encode(List.of("trainers", "desk lamp"), 32, 32); // 2 x 32

        CrossEncoder assistant = new CrossEncoder(new BertEncoder(config, DataType.FLOAT, 7), tokenizer, 48, 7);
        float[] p = assistant.score(List.of("red running shoes"), List.of("trainers"));  // probability

        ModelFiles.save(student, dir.resolve("student"));
        BiEncoder again = ModelFiles.loadBiEncoder(dir.resolve("student"), WordPieceTokenizer::load);
        // --- example ends
        assertEquals(32, items[0].length);
        assertEquals(2, phrases.length);
        assertTrue(p[0] > 0 && p[0] < 1);
        assertEquals(items[0][0], again.encode(List.of("red running shoes"), 32, 32)[0][0]);
    }
}
