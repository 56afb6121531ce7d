package org.distill4ads.nn.kernel;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The off-heap elements of a dense row-major float32 {@link INDArray} as a {@link FloatBuffer}
 * whose index 0 is the array's first element. Kernels copy blocks of rows between such a buffer
 * and small heap arrays, where the JIT vectorizes their loops.
 */
public final class FloatViews {
    private FloatViews() {}

    /** Whether {@code a} is float32, row-major and dense (no gaps between its elements). */
    public static boolean isDenseFloat(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && (Shape.hasDefaultStridesForShape(a) || rowMajor(a));
    }

    /**
     * Row-major strides, where a dimension of size 1 may have any stride: ND4J's own test refuses
     * some of these (a [1, 1] array with strides [1, 1], the logit of a batch of one pair).
     */
    private static boolean rowMajor(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** A buffer over {@code a}'s elements; {@code a} must be {@linkplain #isDenseFloat dense float32}. */
    public static FloatBuffer of(INDArray a) {
        if (!isDenseFloat(a)) {
            throw new IllegalArgumentException("kernel needs a dense row-major float32 array, got " + a.dataType()
                    + " " + Arrays.toString(a.shape()) + " order " + a.ordering() + " strides " + Arrays.toString(a.stride()));
        }
        FloatBuffer all = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        int offset = Math.toIntExact(a.offset());
        return all.position(offset).slice().limit(Math.toIntExact(a.length()));
    }
}
