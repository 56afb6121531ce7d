package org.distill4ads.transformer.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every randomly initialized tensor of a model draws from its own generator: tensors seeded alike
 * start with the same values (the cross-encoder's head once equalled the [PAD] row of the word
 * embeddings), so no two tensors may share their first values, and no matrix may share a row with another.
 */
class InitialWeightsTest {
    static Map<String, INDArray> random(String prefix, Map<String, Tensor> params) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        params.forEach((name, t) -> {
            INDArray v = t.value();
            if (v.maxNumber().doubleValue() != v.minNumber().doubleValue()) {  // zeros and ones are not random
                out.put(prefix + name, v);
            }
        });
        return out;
    }

    static void assertNoTwoShareValues(Map<String, INDArray> tensors) {
        List<String> names = new ArrayList<>(tensors.keySet());
        for (int i = 0; i < names.size(); i++) {
            INDArray a = tensors.get(names.get(i));
            float[] aFlat = a.reshape(a.length()).toFloatVector();
            for (int j = i + 1; j < names.size(); j++) {
                INDArray b = tensors.get(names.get(j));
                float[] bFlat = b.reshape(b.length()).toFloatVector();
                int n = Math.min(4, Math.min(aFlat.length, bFlat.length));
                boolean same = true;
                for (int k = 0; k < n; k++) {
                    same &= aFlat[k] == bFlat[k];
                }
                if (same) {
                    fail(names.get(i) + " and " + names.get(j) + " start with the same " + n + " values: they share a seed");
                }
                if (a.rank() == 2 && b.rank() == 2 && a.size(1) == b.size(1)) {
                    float[] head = b.getRow(0).toFloatVector();
                    for (int r = 0; r < a.size(0); r++) {
                        if (java.util.Arrays.equals(a.getRow(r).toFloatVector(), head)) {
                            fail("row " + r + " of " + names.get(i) + " equals the first row of " + names.get(j));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theCrossEncoderHeadIsNotAnEmbeddingRowAndNoTwoTensorsMatch() {
        CrossEncoder cross = new CrossEncoder(new BertEncoder(ModelFilesTest.CONFIG, DataType.FLOAT, 42),
                new WhitespaceTokenizer(50), 24, 42);
        Map<String, INDArray> tensors = random("", cross.namedParameters());
        assertTrue(tensors.containsKey("classifier.weight") && tensors.containsKey("bert.embeddings.word_embeddings.weight"),
                tensors.keySet().toString());
        assertTrue(tensors.size() >= 3 + 6 * ModelFilesTest.CONFIG.layers(), tensors.keySet().toString());
        assertNoTwoShareValues(tensors);
    }

    @Test
    void aBiEncoderWithAProjectionAndTwoTowersHasNoRepeatedTensor() {
        BiEncoder student = new BiEncoder(new BertEncoder(ModelFilesTest.CONFIG, DataType.FLOAT, 7),
                new BertEncoder(ModelFilesTest.CONFIG, DataType.FLOAT, 8), new WhitespaceTokenizer(50),
                new BiEncoder.Settings(Pooling.MEAN, 8, new int[] {8, 4}, 16), 7);
        assertNoTwoShareValues(random("", student.namedParameters()));
    }
}
