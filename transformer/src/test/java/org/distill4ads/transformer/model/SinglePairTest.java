package org.distill4ads.transformer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** A batch of one pair scores as it does inside a larger batch (a [1, 1] logit is still a dense array). */
class SinglePairTest {
    @Test
    void onePairAloneScoresAsInABatch() {
        for (Pooling pooling : Pooling.values()) {
            CrossEncoder model = new CrossEncoder(new BertEncoder(ModelFilesTest.CONFIG, DataType.FLOAT, 3),
                    new WhitespaceTokenizer(50), 24, pooling, 3);
            List<CrossEncoder.Pair> pairs = List.of(new CrossEncoder.Pair("red shoes", "shoes"),
                    new CrossEncoder.Pair("lamp", "brass lamp"));
            float[] both = model.predict(pairs);
            float[] one = model.predict(pairs.subList(1, 2));
            assertEquals(both[1], one[0], 1e-5, pooling.toString());
        }
    }
}
