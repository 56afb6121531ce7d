package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TapeTest {
    @Test
    void closingReleasesIntermediatesButNotLeaves() {
        Tensor w = Tensor.param(Nd4j.rand(DataType.FLOAT, 3, 3));
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, 3);
        INDArray hidden;
        INDArray reshaped;
        try (Tape tape = Tape.open()) {
            Tensor h = Tensor.constant(input).matmul(w).tanh();
            Tensor r = w.reshape(9);           // a view of the parameter
            h.sum().add(r.sum()).backward();
            hidden = h.value();
            reshaped = r.value();
            assertTrue(tape.size() >= 4);
            assertFalse(Tape.isGradEnabled() == false);
        }
        assertTrue(hidden.data().wasClosed(), "intermediate released");
        assertFalse(w.value().data().wasClosed(), "parameter survives");
        assertFalse(reshaped.data().originalDataBuffer() != null && reshaped.data().originalDataBuffer().wasClosed(),
                "a view of a parameter does not free it");
        assertFalse(input.data().wasClosed(), "inputs made outside the tape survive");
        assertFalse(w.grad().data().wasClosed(), "parameter gradients survive for the optimizer");
        assertEquals(9, w.grad().length());
    }

    @Test
    void noGradBuildsNoGraph() {
        Tensor w = Tensor.param(Nd4j.ones(DataType.FLOAT, 2));
        try (Tape t = Tape.noGrad()) {
            Tensor y = w.mul(2.0);
            assertFalse(y.requiresGrad());
            assertThrows(IllegalStateException.class, y::backward);
        }
        assertTrue(Tape.isGradEnabled());
    }

    @Test
    void tapesCloseInnermostFirst() {
        Tape outer = Tape.open();
        Tape inner = Tape.open();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
    }
}
