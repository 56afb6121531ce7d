package org.distill4ads.distill.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.distill4ads.nn.Tensor;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.distill4ads.transformer.pretrained.Pretrained;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A student started from the first layer of all-MiniLM-L6-v2, checked against the importer's full model. */
class PretrainedStudentTest {
    @Test
    void theFirstLayerOfMiniLmWithItsVocabularyFrozenWordsAndMatryoshkaPrefixes(@TempDir Path dir) throws Exception {
        BiEncoder student = Models.pretrainedStudent(1, 24, new int[] {64, 32}, true, 7);
        assertEquals(1, student.encoder().config().layers());
        assertEquals(384, student.dimension());
        assertEquals(30522, student.tokenizer().vocabSize());
        assertTrue(student.encoder().wordEmbeddings().frozen());
        assertArrayEquals(new int[] {64, 32}, student.settings().matryoshkaDims());
        assertEquals(Pooling.MEAN, student.settings().pooling());

        // the whole six-layer model read by the ONNX importer: the student holds its embeddings and layer 0
        BiEncoder full = Pretrained.biEncoder(copy("/all-minilm-l6-v2.onnx", dir.resolve("model.onnx")),
                copy("/all-minilm-l6-v2-tokenizer.json", dir.resolve("tokenizer.json")), 12,
                new BiEncoder.Settings(Pooling.MEAN, 0, new int[] {384}, 24), 7);
        Map<String, Tensor> mine = student.encoder().namedParameters();
        Map<String, Tensor> theirs = full.encoder().namedParameters();
        assertTrue(mine.keySet().stream().noneMatch(k -> k.contains("layer.1.")), mine.keySet().toString());
        assertTrue(mine.size() > 10, mine.keySet().toString());
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            assertEquals(theirs.get(e.getKey()).value(), e.getValue().value(), e.getKey());
        }
    }

    @Test
    void refusesLayersAndSizesMiniLmDoesNotHave() {
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> Models.pretrainedStudent(1, 24, new int[] {512, 64}, true, 1));
        assertTrue(wide.getMessage().contains("at most MiniLM's width 384, got 512"), wide.getMessage());
        IllegalArgumentException deep = assertThrows(IllegalArgumentException.class,
                () -> Models.pretrainedStudent(7, 24, new int[] {64}, true, 1));
        assertTrue(deep.getMessage().contains("layers 1..6, got 7"), deep.getMessage());
    }

    private static Path copy(String resource, Path target) throws Exception {
        try (InputStream in = PretrainedStudentTest.class.getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        return target;
    }
}
