package org.distill4ads.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Reductions: sums, means and log-sum-exp along dimensions. */
final class ReduceOps {
    private ReduceOps() {}

    static Tensor sumAll(Tensor a) {
        INDArray out = Nd4j.scalar(a.dataType(), a.value().sumNumber().doubleValue());
        return Tensor.make(out, "sum", g -> a.accumulateOwnedGrad(Nd4j.valueArrayOf(a.shape(), g.getDouble(0), a.dataType())), a);
    }

    static Tensor meanAll(Tensor a) {
        long n = a.value().length();
        INDArray out = Nd4j.scalar(a.dataType(), a.value().sumNumber().doubleValue() / n);
        return Tensor.make(out, "mean", g -> a.accumulateOwnedGrad(Nd4j.valueArrayOf(a.shape(), g.getDouble(0) / n, a.dataType())), a);
    }

    static Tensor sum(Tensor a, boolean keepDims, int... dims) {
        int[] d = normalize(a, dims);
        INDArray out = a.value().sum(keepDims, d);
        return Tensor.make(out, "sum", g -> a.accumulateOwnedGrad(expand(g, a.shape(), d)), a);
    }

    static Tensor mean(Tensor a, boolean keepDims, int... dims) {
        int[] d = normalize(a, dims);
        long n = 1;
        for (int i : d) {
            n *= a.shape()[i];
        }
        double scale = 1.0 / n;
        INDArray out = a.value().mean(keepDims, d);
        return Tensor.make(out, "mean", g -> a.accumulateOwnedGrad(expand(g, a.shape(), d).muli(scale)), a);
    }

    /** log(sum(exp(x))) along one dimension, computed stably by subtracting the maximum. */
    static Tensor logSumExp(Tensor a, int dim, boolean keepDims) {
        int d = normalize(a, new int[] {dim})[0];
        INDArray x = a.value();
        INDArray max = x.max(true, d);
        INDArray shifted = x.sub(max);
        INDArray lse = Transforms.log(Transforms.exp(shifted, false).sum(true, d), false).addi(max); // keep dims
        INDArray out = keepDims ? lse : lse.reshape(reducedShape(a.shape(), d));
        return Tensor.make(out, "logSumExp", g -> {
            // d lse / dx = softmax(x)
            INDArray soft = Transforms.exp(x.sub(lse), false);
            INDArray gk = g.reshape(lse.shape());
            a.accumulateOwnedGrad(soft.muli(gk));
        }, a);
    }

    /** Broadcasts a reduced gradient back to the input shape as a fresh array. */
    static INDArray expand(INDArray g, long[] shape, int[] dims) {
        long[] keep = shape.clone();
        for (int d : dims) {
            keep[d] = 1;
        }
        INDArray gk = g.reshape('c', keep);
        return Nd4j.zeros(g.dataType(), shape).addi(gk);
    }

    static int[] normalize(Tensor a, int[] dims) {
        int r = a.rank();
        if (dims.length == 0) {
            throw new IllegalArgumentException("reduction needs at least one dimension; use sum()/mean() for all");
        }
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i] < 0 ? dims[i] + r : dims[i];
            if (d < 0 || d >= r) {
                throw new IllegalArgumentException("dimension " + dims[i] + " out of range for shape " + Arrays.toString(a.shape()));
            }
            out[i] = d;
        }
        Arrays.sort(out);
        return out;
    }

    static long[] reducedShape(long[] shape, int dim) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != dim) {
                out[j++] = shape[i];
            }
        }
        return out;
    }
}
