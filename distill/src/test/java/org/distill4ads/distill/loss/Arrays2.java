package org.distill4ads.distill.loss;

import java.util.SplittableRandom;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small float64 fixtures for the loss tests. */
final class Arrays2 {
    private Arrays2() {}

    static INDArray vec(double... v) {
        return Nd4j.create(v, new long[] {v.length}, DataType.DOUBLE);
    }

    static INDArray mat(double[][] rows) {
        return Nd4j.create(rows).castTo(DataType.DOUBLE);
    }

    static Tensor param(double[][] rows) {
        return Tensor.param(mat(rows));
    }

    static Tensor param(double... v) {
        return Tensor.param(vec(v));
    }

    /** Uniform values in [-1, 1) from a seed. */
    static INDArray random(long seed, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }
}
