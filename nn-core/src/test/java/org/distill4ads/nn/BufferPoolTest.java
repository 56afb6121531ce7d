package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/** Reuse of large float32 buffers across steps: what comes back, what never comes back twice. */
class BufferPoolTest {
    private static final int ROWS = 256;
    private static final int IN = 160;
    private static final int OUT = 128; // 128 x 160 and 256 x 128 are above the pool's minimum of 16,384 elements

    @Test
    void aClosingTapeGivesItsLargeBuffersToTheNextStep() {
        drain();
        DataBuffer first;
        try (Tape tape = Tape.open()) {
            INDArray a = BufferPool.floats(ROWS, OUT);
            Tape.track(a);
            first = a.data();
        }
        assertEquals((long) ROWS * OUT * Float.BYTES, BufferPool.heldBytes());
        INDArray again = BufferPool.floats(ROWS, OUT);
        assertSame(first, again.data(), "the released buffer is handed out again");
        assertEquals(0, BufferPool.heldBytes());
        again.close();
    }

    @Test
    void aBufferGivenTwiceIsHandedOutOnce() {
        drain();
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, ROWS, OUT);
        assertTrue(BufferPool.give(a.data()));
        assertTrue(BufferPool.give(a.data()), "a second give is absorbed, not refused");
        assertEquals((long) ROWS * OUT * Float.BYTES, BufferPool.heldBytes());
        INDArray x = BufferPool.floats(ROWS, OUT);
        INDArray y = BufferPool.floats(ROWS, OUT);
        assertSame(a.data(), x.data());
        assertNotSame(x.data(), y.data(), "two live arrays never share a pooled buffer");
        x.close();
        y.close();
    }

    @Test
    void smallAndNonFloatBuffersAreNotPooled() {
        drain();
        assertFalse(BufferPool.give(Nd4j.createUninitialized(DataType.FLOAT, 8, 8).data()));
        assertFalse(BufferPool.give(Nd4j.createUninitialized(DataType.DOUBLE, ROWS, OUT).data()));
        assertEquals(0, BufferPool.heldBytes());
    }

    @Test
    void aClearedWeightGradientIsReusedAndStepsGiveTheSameGradients() {
        drain();
        Tensor w = Tensor.param(Nd4j.rand(DataType.FLOAT, OUT, IN).subi(0.5));
        Tensor b = Tensor.param(Nd4j.zeros(DataType.FLOAT, OUT));
        INDArray x = Nd4j.rand(DataType.FLOAT, ROWS, IN);
        INDArray firstGrad = step(w, b, x);
        DataBuffer used = w.grad().data();
        INDArray firstCopy = firstGrad.dup();
        w.zeroGrad();
        b.zeroGrad();
        assertTrue(BufferPool.heldBytes() >= (long) OUT * IN * Float.BYTES, "the gradient went to the pool");
        INDArray second = step(w, b, x);
        assertEquals(firstCopy, second, "a step on a pooled buffer computes the same gradient");
        assertSame(used, w.grad().data(), "the weight gradient came from the pool");
        w.zeroGrad();
        b.zeroGrad();
    }

    private static INDArray step(Tensor w, Tensor b, INDArray x) {
        try (Tape tape = Tape.open()) {
            Tensor y = Tensor.constant(x).linear(w, b);
            y.mul(y).sum().backward();
        }
        return w.grad();
    }

    /** Empties this thread's pool so that each test starts from none. */
    private static void drain() {
        BufferPool.clear();
        assertEquals(0, BufferPool.heldBytes());
    }
}
