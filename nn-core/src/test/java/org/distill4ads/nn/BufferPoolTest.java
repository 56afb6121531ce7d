package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
        ask(ROWS, OUT, 2);
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
    void aSizeNoOneAskedForIsRefusedAndTheCountAskedForBoundsTheRest() {
        drain();
        assertFalse(BufferPool.give(Nd4j.createUninitialized(DataType.FLOAT, ROWS, OUT).data()),
                "no fused op asked for this size: nothing would reuse it");
        ask(ROWS, OUT, 2);
        assertTrue(BufferPool.give(Nd4j.createUninitialized(DataType.FLOAT, ROWS, OUT).data()));
        assertTrue(BufferPool.give(Nd4j.createUninitialized(DataType.FLOAT, ROWS, OUT).data()));
        DataBuffer third = Nd4j.createUninitialized(DataType.FLOAT, ROWS, OUT).data();
        assertFalse(BufferPool.give(third), "two were asked for, a third is not kept");
        assertEquals(2L * ROWS * OUT * Float.BYTES, BufferPool.heldBytes());
        third.close();
        BufferPool.clear();
    }

    @Test
    void repeatedStepsHoldOneStepsRequestsAndNoMore() {
        drain();
        Tensor w = Tensor.param(Nd4j.rand(DataType.FLOAT, OUT, IN).subi(0.5));
        Tensor b = Tensor.param(Nd4j.zeros(DataType.FLOAT, OUT));
        INDArray x = Nd4j.rand(DataType.FLOAT, ROWS, IN);
        long[] held = new long[6];
        for (int s = 0; s < held.length; s++) {
            try (Tape tape = Tape.open()) {
                // linear and gelu draw from the pool; mul, add and their gradients are ND4J's own
                Tensor y = Tensor.constant(x).linear(w, b).gelu();
                y.mul(y).add(y).sum().backward();
                w.zeroGrad();
                b.zeroGrad();
            }
            held[s] = BufferPool.heldBytes();
        }
        // per step: linear output and its input gradient, gelu output and its gradient, the weight gradient
        long oneStep = (3L * ROWS * OUT + (long) OUT * IN) * Float.BYTES;
        for (int s = 0; s < held.length; s++) {
            assertTrue(held[s] <= oneStep + (long) ROWS * IN * Float.BYTES,
                    "step " + s + " holds " + held[s] + " bytes, more than one step asks for");
            assertEquals(held[0], held[s], "step " + s + ": the pool does not grow from step to step");
        }
        assertTrue(held[0] > 0, "the pool keeps what the next step asks for");
        BufferPool.clear();
    }

    @Test
    void aSizeTheStepsStopAskingForIsFreedAfterOneWindow() {
        drain();
        DataBuffer old;
        try (Tape tape = Tape.open()) {
            INDArray a = Tape.track(BufferPool.floats(ROWS, OUT));
            old = a.data();
        }
        assertTrue(BufferPool.holds(old));
        try (Tape tape = Tape.open()) {
            Tape.track(BufferPool.floats(ROWS, IN)); // another shape from now on
        }
        assertFalse(BufferPool.holds(old), "a window that did not ask for the size frees it");
        assertTrue(old.wasClosed(), "and its off-heap memory is released, not left to the garbage collector");
        assertEquals((long) ROWS * IN * Float.BYTES, BufferPool.heldBytes());
        BufferPool.clear();
    }

    @Test
    void everyBufferOfAClosedTapeIsFreedOrPooledAndLeavesSurvive() {
        drain();
        Tensor w = Tensor.param(Nd4j.rand(DataType.FLOAT, OUT, IN).subi(0.5));
        Tensor b = Tensor.param(Nd4j.zeros(DataType.FLOAT, OUT));
        INDArray x = Nd4j.rand(DataType.FLOAT, ROWS, IN);
        List<DataBuffer> made = new ArrayList<>();
        try (Tape tape = Tape.open()) {
            Tensor y = Tensor.constant(x).linear(w, b).gelu();
            Tensor z = y.mul(y).add(y);
            Tensor loss = z.sum();
            loss.backward();
            for (Tensor t : List.of(y, z, loss)) {
                made.add(t.value().data());
                INDArray g = t.gradOrNull(); // large intermediates' gradients went back to the pool during backward
                if (g != null) {
                    made.add(g.data());
                }
            }
        }
        int pooled = 0;
        for (DataBuffer d : made) {
            boolean inPool = BufferPool.holds(d);
            assertTrue(d.wasClosed() || inPool, "a buffer of the closed tape is neither freed nor pooled: " + d.length());
            pooled += inPool ? 1 : 0;
        }
        assertTrue(pooled < made.size(), "ND4J's own op outputs are freed, not pooled");
        assertFalse(x.wasClosed() || w.value().wasClosed() || b.value().wasClosed(), "inputs and parameters stay alive");
        assertFalse(w.grad().wasClosed(), "parameter gradients stay until the optimizer clears them");
        w.zeroGrad();
        b.zeroGrad();
        BufferPool.clear();
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

    /** Asks the pool for {@code count} arrays of {@code rows x cols} at once and frees them: the demand a step would make. */
    private static void ask(int rows, int cols, int count) {
        List<INDArray> asked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            asked.add(BufferPool.floats(rows, cols));
        }
        asked.forEach(INDArray::close);
    }

    /** Empties this thread's pool so that each test starts from none. */
    private static void drain() {
        BufferPool.clear();
        assertEquals(0, BufferPool.heldBytes());
    }
}
