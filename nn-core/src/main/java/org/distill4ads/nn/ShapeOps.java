package org.distill4ads.nn;

import java.util.Arrays;
import org.distill4ads.nn.kernel.FloatViews;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Ops that move or select elements: reshape, permute, slice, concat, row gather. */
final class ShapeOps {
    private ShapeOps() {}

    static Tensor reshape(Tensor a, long... shape) {
        long[] in = a.shape();
        long n = 1;
        int infer = -1;
        long[] target = shape.clone();
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: only one dimension may be -1, got " + Arrays.toString(shape));
                }
                infer = i;
            } else {
                n *= target[i];
            }
        }
        long len = a.value().length();
        if (infer >= 0 && n > 0) {
            target[infer] = len / n;
            n *= target[infer];
        }
        if (n != len) {
            throw new IllegalArgumentException("reshape: cannot view " + Arrays.toString(in) + " (" + len
                    + " elements) as " + Arrays.toString(shape));
        }
        INDArray out = a.value().reshape('c', target);
        return Tensor.make(out, "reshape", g -> a.accumulateGrad(g.reshape('c', in)), a);
    }

    static Tensor permute(Tensor a, int... dims) {
        int r = a.rank();
        if (dims.length != r) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " does not name all " + r + " dimensions");
        }
        int[] inverse = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            int d = dims[i];
            if (d < 0 || d >= r || seen[d]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " is not a permutation of 0.." + (r - 1));
            }
            seen[d] = true;
            inverse[d] = i;
        }
        INDArray out = a.value().permute(dims);
        return Tensor.make(out, "permute", g -> a.accumulateGrad(g.permute(inverse)), a);
    }

    static Tensor transpose(Tensor a, int d1, int d2) {
        int r = a.rank();
        int[] dims = new int[r];
        for (int i = 0; i < r; i++) {
            dims[i] = i;
        }
        int x = d1 < 0 ? d1 + r : d1;
        int y = d2 < 0 ? d2 + r : d2;
        dims[x] = y;
        dims[y] = x;
        return permute(a, dims);
    }

    static Tensor slice(Tensor a, int dim, long start, long end) {
        int r = a.rank();
        int d = dim < 0 ? dim + r : dim;
        if (d < 0 || d >= r) {
            throw new IllegalArgumentException("slice: dimension " + dim + " out of range for rank " + r);
        }
        long size = a.shape()[d];
        if (start < 0 || end > size || start >= end) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") is not inside [0, " + size
                    + ") of dimension " + d + " of " + Arrays.toString(a.shape()));
        }
        INDArrayIndex[] idx = new INDArrayIndex[r];
        for (int i = 0; i < r; i++) {
            idx[i] = i == d ? NDArrayIndex.interval(start, end) : NDArrayIndex.all();
        }
        INDArray out = a.value().get(idx);
        return Tensor.make(out, "slice", g -> a.accumulateGradRegion(idx, g), a);
    }

    static Tensor concat(int dim, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        int r = parts[0].rank();
        int d = dim < 0 ? dim + r : dim;
        INDArray[] values = new INDArray[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].value();
            if (parts[i].rank() != r) {
                throw new IllegalArgumentException("concat: ranks differ: " + Arrays.toString(parts[0].shape())
                        + " vs " + Arrays.toString(parts[i].shape()));
            }
        }
        INDArray out = Nd4j.concat(d, values);
        return Tensor.make(out, "concat", g -> {
            long offset = 0;
            for (Tensor p : parts) {
                long len = p.shape()[d];
                INDArrayIndex[] idx = new INDArrayIndex[r];
                for (int i = 0; i < r; i++) {
                    idx[i] = i == d ? NDArrayIndex.interval(offset, offset + len) : NDArrayIndex.all();
                }
                p.accumulateGrad(g.get(idx));
                offset += len;
            }
        }, parts);
    }

    static Tensor gatherRows(Tensor table, INDArray ids) {
        if (table.rank() != 2) {
            throw new IllegalArgumentException("gatherRows needs a [V, H] table, got " + Arrays.toString(table.shape()));
        }
        long vocab = table.shape()[0];
        long hidden = table.shape()[1];
        int[] flat = ids.dup().castTo(DataType.INT).data().asInt();
        for (int i = 0; i < flat.length; i++) {
            if (flat[i] < 0 || flat[i] >= vocab) {
                throw new IllegalArgumentException("gatherRows: id " + flat[i] + " at position " + i
                        + " is outside the table's " + vocab + " rows");
            }
        }
        INDArray rows = Nd4j.pullRows(table.value(), 1, flat); // [N, H]
        long[] outShape = Arrays.copyOf(ids.shape(), ids.rank() + 1);
        outShape[ids.rank()] = hidden;
        INDArray out = rows.reshape('c', outShape);
        return Tensor.make(out, "gatherRows", g -> {
            // Scatter-add on the heap: deterministic summation order for repeated ids.
            int h = (int) hidden;
            INDArray g2 = g.reshape('c', flat.length, h);
            if (table.sparseRowGradient() && table.denseGradOrNull() == null) {
                table.accumulateRows(flat, g2);   // only the touched rows (RowGradient)
                return;
            }
            if (table.dataType() == DataType.DOUBLE) {
                double[] src = g2.dup('c').data().asDouble();
                double[] acc = new double[(int) (vocab * h)];
                for (int i = 0; i < flat.length; i++) {
                    int base = flat[i] * h;
                    for (int j = 0; j < h; j++) {
                        acc[base + j] += src[i * h + j];
                    }
                }
                table.accumulateOwnedGrad(Nd4j.create(acc, new long[] {vocab, hidden}, DataType.DOUBLE));
            } else if (table.dataType() == DataType.FLOAT) {
                // per-row sums in lookup order (as the dense scatter-add sums them), added in place
                RowGradient sums = RowGradient.scatter(vocab, flat, g2);
                INDArray current = table.denseGradOrNull();
                if (current != null && table.rowGradOrNull() == null && FloatViews.isDenseFloat(current)) {
                    sums.addInto(FloatViews.of(current));
                } else if (current == null && table.rowGradOrNull() == null) {
                    INDArray dense = BufferPool.floats(vocab, hidden).assign(0f);
                    sums.addInto(FloatViews.of(dense));
                    table.accumulateOwnedGrad(dense);
                } else {
                    table.accumulateOwnedGrad(sums.toDense());
                }
            } else {
                float[] src = g2.dup('c').data().asFloat();
                float[] acc = new float[(int) (vocab * h)];
                for (int i = 0; i < flat.length; i++) {
                    int base = flat[i] * h;
                    for (int j = 0; j < h; j++) {
                        acc[base + j] += src[i * h + j];
                    }
                }
                table.accumulateOwnedGrad(Nd4j.create(acc, new long[] {vocab, hidden}, table.dataType()));
            }
        }, table);
    }
}
