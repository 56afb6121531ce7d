package org.distill4ads.distill.loss;

import static org.junit.jupiter.api.Assertions.*;

import org.distill4ads.nn.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The example of docs/losses.md, kept compiling and running. */
class LossDocExampleTest {
    @Test
    void matryoshkaPearsonExampleRuns() {
        Nd4j.getRandom().setSeed(42);
        // --- docs/losses.md example, verbatim ---
        // One encoder pass per side; random stand-ins here. [B = 8, D = 384]
        Tensor items = Tensor.param(Nd4j.rand(DataType.FLOAT, 8, 384));
        Tensor keyphrases = Tensor.param(Nd4j.rand(DataType.FLOAT, 8, 384));
        INDArray teacherLogits = Nd4j.rand(DataType.FLOAT, 8);           // the cross-encoder's scores

        EmbeddingBatch batch = EmbeddingBatch.scored(items, keyphrases, teacherLogits);
        EmbeddingLoss distill = new MatryoshkaLoss(new PearsonCorrelationLoss(), 384, 256, 128, 64, 32);
        Tensor loss = distill.compute(batch);                             // scalar, in [0, 10]
        loss.backward();                                                  // fills items.grad(), keyphrases.grad()
        // --- end of example ---
        assertTrue(loss.item() >= 0 && loss.item() <= 10, "loss " + loss.item());
        assertEquals(DataType.FLOAT, loss.dataType());
        assertTrue(items.grad().norm2Number().doubleValue() > 0);
        assertTrue(keyphrases.grad().norm2Number().doubleValue() > 0);
    }
}
