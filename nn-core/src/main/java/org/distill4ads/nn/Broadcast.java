package org.distill4ads.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/** NumPy-style broadcasting rules, and the reduction that undoes a broadcast in a gradient. */
final class Broadcast {
    private Broadcast() {}

    static void checkCompatible(String op, Tensor a, Tensor b) {
        if (!Shape.areShapesBroadcastable(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " cannot be broadcast together");
        }
        if (a.dataType() != b.dataType()) {
            throw new IllegalArgumentException(op + ": data types differ: " + a.dataType() + " != " + b.dataType());
        }
    }

    /**
     * The left operand expanded to the broadcast result's shape when it is smaller: ND4J's
     * {@code x.add(y)} allocates its output with x's shape, so only y may be broadcast.
     */
    static INDArray left(INDArray a, INDArray b) {
        long[] out = resultShape(a.shape(), b.shape());
        if (Arrays.equals(out, a.shape())) {
            return a;
        }
        long[] padded = a.shape();
        if (padded.length < out.length) {
            long[] p = new long[out.length];
            Arrays.fill(p, 1);
            System.arraycopy(padded, 0, p, out.length - padded.length, padded.length);
            padded = p;
        }
        return Tape.track(a.reshape(padded).broadcast(out));
    }

    /** NumPy's broadcast result shape (computed here: ND4J's helper gets [2, 1] with [3] wrong). */
    static long[] resultShape(long[] x, long[] y) {
        int r = Math.max(x.length, y.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long xs = i < r - x.length ? 1 : x[i - (r - x.length)];
            long ys = i < r - y.length ? 1 : y[i - (r - y.length)];
            out[i] = xs == 1 ? ys : xs;
        }
        return out;
    }

    /**
     * Sums {@code g} (the gradient of a broadcast result) down to {@code shape}: over leading
     * dimensions the input lacked and over dimensions where the input had size 1. Returns a fresh
     * array (never {@code g} itself) when any reduction happens, otherwise {@code g}.
     */
    static INDArray reduceTo(INDArray g, long[] shape) {
        long[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        int[] dims = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            boolean missing = i < lead;
            if (missing || (shape[i - lead] == 1 && gs[i] != 1)) {
                dims[n++] = i;
            }
        }
        INDArray r = n == 0 ? g.dup() : g.sum(true, Arrays.copyOf(dims, n));
        if (lead > 0 || shape.length == 0) {
            r = r.reshape(shape.length == 0 ? new long[0] : shape);
        }
        return r;
    }

    /** Whether the result of {@link #reduceTo} is a fresh array owned by the caller. */
    static boolean isFresh(INDArray reduced, INDArray g) {
        return reduced != g;
    }
}
