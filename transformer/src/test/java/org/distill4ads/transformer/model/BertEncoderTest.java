package org.distill4ads.transformer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.distill4ads.nn.GradCheck;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BertEncoderTest {
    private static final BertConfig TINY = new BertConfig(11, 8, 2, 2, 12, 16, 2, 1e-12, 0, 0, 0.5);

    @Test
    void parameterNamesAreHuggingFaceKeys() {
        Map<String, Tensor> p = new BertEncoder(TINY, DataType.FLOAT, 1).namedParameters();
        for (String key : List.of("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
                "encoder.layer.0.attention.self.query.weight", "encoder.layer.0.attention.self.key.bias",
                "encoder.layer.1.attention.self.value.weight", "encoder.layer.1.attention.output.dense.weight",
                "encoder.layer.1.attention.output.LayerNorm.bias", "encoder.layer.0.intermediate.dense.weight",
                "encoder.layer.0.output.dense.bias", "encoder.layer.1.output.LayerNorm.weight")) {
            assertTrue(p.containsKey(key), key + " missing from " + p.keySet());
        }
        // 16 tensors per layer, 5 in the embeddings
        assertEquals(5 + 2 * 16, p.size());
        assertEquals(List.of(12L, 8L), List.of(p.get("encoder.layer.0.intermediate.dense.weight").shape()[0],
                p.get("encoder.layer.0.intermediate.dense.weight").shape()[1]));
    }

    @Test
    void paddingDoesNotChangeRealPositions() {
        BertEncoder enc = new BertEncoder(TINY, DataType.FLOAT, 3);
        enc.eval();
        TokenBatch shortOne = TokenBatch.of(new int[][] {{1, 5, 7, 2}}, new int[][] {{0, 0, 1, 1}}, new int[][] {{1, 1, 1, 1}});
        TokenBatch padded = TokenBatch.of(new int[][] {{1, 5, 7, 2, 0, 0}, {1, 4, 2, 0, 0, 0}},
                new int[][] {{0, 0, 1, 1, 0, 0}, {0, 0, 0, 0, 0, 0}}, new int[][] {{1, 1, 1, 1, 0, 0}, {1, 1, 1, 0, 0, 0}});
        try (Tape t = Tape.noGrad()) {
            INDArray a = enc.forward(shortOne.ids(), shortOne.typeIds(), shortOne.mask()).value().dup();
            INDArray b = enc.forward(padded.ids(), padded.typeIds(), padded.mask()).value()
                    .get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(0, 4), NDArrayIndex.all()).dup();
            double diff = a.sub(b).amaxNumber().doubleValue();
            assertTrue(diff < 1e-5, "padding changed real positions by " + diff);
        }
    }

    @Test
    void tinyEncoderGradientsMatchFiniteDifferences() {
        BertEncoder enc = new BertEncoder(TINY, DataType.DOUBLE, 7);
        TokenBatch batch = TokenBatch.of(new int[][] {{1, 3, 4, 2}, {1, 6, 2, 0}}, new int[][] {{0, 0, 1, 1}, {0, 0, 0, 0}},
                new int[][] {{1, 1, 1, 1}, {1, 1, 1, 0}});
        GradCheck.Result r = GradCheck.checkParameters(
                () -> Pooling.MEAN.pool(enc.forward(batch.ids(), batch.typeIds(), batch.mask()), batch.mask()).l2Normalize(1e-12),
                enc.namedParameters(), 3, 1e-6, 11);
        assertTrue(r.passes(1e-6), r.toString());
    }

    @Test
    void matryoshkaRejectsBadDims() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MatryoshkaEmbedding(new int[0])).getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MatryoshkaEmbedding(new int[] {8, 0})).getMessage().contains("0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MatryoshkaEmbedding(new int[] {4, 8})).getMessage().contains("8 follows 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MatryoshkaEmbedding(new int[] {16, 8}).validateFor(8)).getMessage().contains("16"));
    }
}
