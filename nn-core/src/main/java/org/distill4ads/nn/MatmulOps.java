package org.distill4ads.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Matrix products: 2-D through GEMM, batched rank-3/rank-4 through ND4J's matmul. */
final class MatmulOps {
    private MatmulOps() {}

    static Tensor matmul(Tensor a, Tensor b, boolean ta, boolean tb) {
        check(a, b, ta, tb);
        INDArray out = product(a.value(), b.value(), ta, tb);
        return Tensor.make(out, "matmul", g -> {
            INDArray x = a.value();
            INDArray y = b.value();
            if (a.requiresGrad()) {
                // C = op(A) op(B): dA follows from dC op(B)^T, transposed back when A was.
                INDArray da;
                if (!ta && !tb) {
                    da = product(g, y, false, true);
                } else if (!ta) {
                    da = product(g, y, false, false);
                } else if (!tb) {
                    da = product(y, g, false, true);
                } else {
                    da = product(y, g, true, true);
                }
                a.accumulateOwnedGrad(da);
            }
            if (b.requiresGrad()) {
                INDArray db;
                if (!ta && !tb) {
                    db = product(x, g, true, false);
                } else if (!ta) {
                    db = product(g, x, true, false);
                } else if (!tb) {
                    db = product(x, g, false, false);
                } else {
                    db = product(g, x, true, true);
                }
                b.accumulateOwnedGrad(db);
            }
        }, a, b);
    }

    static INDArray product(INDArray a, INDArray b, boolean ta, boolean tb) {
        if (a.rank() == 2) {
            return Nd4j.gemm(a, b, ta, tb);
        }
        return Nd4j.matmul(a, b, ta, tb, false);
    }

    private static void check(Tensor a, Tensor b, boolean ta, boolean tb) {
        int r = a.rank();
        if (r < 2 || r > 4 || b.rank() != r) {
            throw new IllegalArgumentException("matmul needs two tensors of equal rank 2, 3 or 4, got shapes "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        if (a.dataType() != b.dataType()) {
            throw new IllegalArgumentException("matmul: data types differ: " + a.dataType() + " != " + b.dataType());
        }
        long[] as = a.shape();
        long[] bs = b.shape();
        for (int i = 0; i < r - 2; i++) {
            if (as[i] != bs[i]) {
                throw new IllegalArgumentException("matmul: batch dimensions differ: " + Arrays.toString(as)
                        + " vs " + Arrays.toString(bs));
            }
        }
        long inner = ta ? as[r - 2] : as[r - 1];
        long innerB = tb ? bs[r - 1] : bs[r - 2];
        if (inner != innerB) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + inner + " != " + innerB
                    + " for shapes " + Arrays.toString(as) + (ta ? "^T" : "") + " and " + Arrays.toString(bs)
                    + (tb ? "^T" : ""));
        }
    }
}
