package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ScalarNaNTest {
    @Test
    void nanConstantsPropagate() {
        Tensor x = Tensor.constant(Nd4j.createFromArray(new float[] {1f, -2f}));
        assertTrue(Double.isNaN(x.mul(Double.NaN).value().getDouble(0)), "mul(NaN)");
        assertTrue(Double.isNaN(x.add(Double.NaN).value().getDouble(1)), "add(NaN)");
        Tensor d = Tensor.constant(Nd4j.createFromArray(new double[] {3.0}).castTo(DataType.DOUBLE));
        assertTrue(Double.isNaN(d.div(Double.NaN).item()), "div(NaN)");
        assertTrue(Double.isInfinite(d.mul(Double.POSITIVE_INFINITY).item()), "mul(inf)");
    }
}
