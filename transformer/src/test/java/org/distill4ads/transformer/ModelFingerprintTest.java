package org.distill4ads.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.transformer.model.TextTokenizer;
import org.distill4ads.transformer.model.TokenBatch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What the fingerprint covers, and that it does not depend on how a JSON file orders its keys. */
class ModelFingerprintTest {
    /** A tokenizer that saves one vocabulary file and one JSON settings file with keys in a given order. */
    record SavingTokenizer(String vocab, String json) implements TextTokenizer {
        @Override
        public TokenBatch encode(List<String> texts, int maxLength) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TokenBatch encodePairs(List<String> firsts, List<String> seconds, int maxLength) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int vocabSize() {
            return 3;
        }

        @Override
        public void save(Path directory) throws IOException {
            Files.writeString(directory.resolve("vocab.txt"), vocab);
            Files.writeString(directory.resolve("tokenizer_config.json"), json);
        }
    }

    static Map<String, INDArray> weights(float w) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("b", Nd4j.createFromArray(new float[] {1f, 2f}));
        m.put("a", Nd4j.createFromArray(new float[][] {{w, 0f}, {0f, 1f}}));
        return m;
    }

    @Test
    void jsonKeyOrderDoesNotChangeTheFingerprintButAnyValueDoes() {
        TextTokenizer ab = new SavingTokenizer("x\ny\n", "{\"do_lower_case\":true,\"tokenizer_class\":\"BertTokenizer\"}");
        TextTokenizer ba = new SavingTokenizer("x\ny\n", "{\"tokenizer_class\":\"BertTokenizer\",\"do_lower_case\":true}");
        ModelFingerprint f = ModelFingerprint.of(weights(3f), ab, "s");
        assertEquals(f, ModelFingerprint.of(weights(3f), ba, "s"), "the same model saved by another JVM run");
        assertEquals(6, f.parameters());   // 2 + 2 x 2
        assertNotEquals(f, ModelFingerprint.of(weights(3.0001f), ab, "s"), "a weight");
        assertNotEquals(f, ModelFingerprint.of(weights(3f), new SavingTokenizer("x\nz\n", "{}"), "s"), "the vocabulary");
        assertNotEquals(f, ModelFingerprint.of(weights(3f),
                new SavingTokenizer("x\ny\n", "{\"do_lower_case\":false,\"tokenizer_class\":\"BertTokenizer\"}"), "s"), "a setting");
        assertNotEquals(f, ModelFingerprint.of(weights(3f), ab, "pooling=cls"), "the model's settings");
    }

    @Test
    void aFingerprintIsSixteenHexDigits() {
        assertThrows(IllegalArgumentException.class, () -> new ModelFingerprint("xyz", 1));
        assertThrows(IllegalArgumentException.class, () -> new ModelFingerprint("0123456789abcdef", -1));
        assertEquals("0123456789abcdef (7 parameters)", new ModelFingerprint("0123456789abcdef", 7).toString());
    }
}
