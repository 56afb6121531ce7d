package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every op's gradient against central finite differences in float64, on odd shapes. */
class AllOpsGradTest {
    static INDArray rnd(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).muli(2);
    }

    static void check(String name, Function<Tensor[], Tensor> f, INDArray... in) {
        GradCheck.Result r = GradCheck.check(f, in);
        assertTrue(r.passes(1e-7), name + ": " + r);
    }

    @Test
    void arithmeticWithBroadcasting() {
        check("add [3,5]+[5]", t -> t[0].add(t[1]), rnd(1, 3, 5), rnd(2, 5));
        check("add [3,1]+[1,5]", t -> t[0].add(t[1]), rnd(1, 3, 1), rnd(2, 1, 5));
        check("sub [2,3,4]-[3,1]", t -> t[0].sub(t[1]), rnd(1, 2, 3, 4), rnd(2, 3, 1));
        check("mul [3,5]*[3,1]", t -> t[0].mul(t[1]), rnd(3, 3, 5), rnd(4, 3, 1));
        check("div", t -> t[0].div(t[1].exp()), rnd(5, 3, 5), rnd(6, 5));
        check("scalars", t -> t[0].mul(3.0).add(-1.5).rsub(2.0).div(4.0).neg(), rnd(7, 4, 3));
        check("pow/sqrt/exp/log/abs", t -> t[0].exp().add(0.5).sqrt().log().add(t[0].abs()).pow(3.0), rnd(8, 3, 4));
    }

    @Test
    void matmulInAllForms() {
        check("AB", t -> t[0].matmul(t[1]), rnd(1, 3, 4), rnd(2, 4, 5));
        check("A^T B", t -> t[0].matmul(t[1], true, false), rnd(1, 4, 3), rnd(2, 4, 5));
        check("A B^T", t -> t[0].matmul(t[1], false, true), rnd(1, 3, 4), rnd(2, 5, 4));
        check("A^T B^T", t -> t[0].matmul(t[1], true, true), rnd(1, 4, 3), rnd(2, 5, 4));
        check("batched rank 3", t -> t[0].matmul(t[1]), rnd(1, 2, 3, 4), rnd(2, 2, 4, 3));
        check("batched rank 4, B^T", t -> t[0].matmul(t[1], false, true), rnd(1, 2, 3, 5, 4), rnd(2, 2, 3, 5, 4));
        check("batched rank 4, A^T", t -> t[0].matmul(t[1], true, false), rnd(1, 2, 2, 4, 3), rnd(2, 2, 2, 4, 5));
    }

    @Test
    void shapeOps() {
        check("reshape/permute", t -> t[0].reshape(3, 2, 2).permute(2, 0, 1).mul(t[0].reshape(2, 3, 2).permute(2, 1, 0)), rnd(1, 2, 6), rnd(2, 1));
        check("transpose", t -> t[0].transpose(0, 1).matmul(t[0]), rnd(3, 3, 4));
        check("slice prefix of last dim", t -> t[0].slice(-1, 0, 3).l2Normalize(1e-12), rnd(4, 5, 7));
        check("slice middle", t -> t[0].slice(0, 1, 3), rnd(5, 4, 3));
        check("overlapping slices accumulate", t -> Tensor.concat(-1, t[0].slice(-1, 0, 3), t[0].slice(-1, 2, 5))
                .mul(t[0].slice(-1, 1, 7)).add(t[0].slice(0, 1, 4).sum()), rnd(10, 5, 7));
        check("concat", t -> Tensor.concat(1, t[0], t[1], t[0]), rnd(6, 2, 3), rnd(7, 2, 1));
        INDArray ids = Nd4j.createFromArray(new int[][] {{1, 4, 1}, {0, 1, 1}});
        check("gatherRows repeated ids", t -> t[0].gatherRows(ids).mul(t[1]), rnd(8, 5, 3), rnd(9, 2, 3, 3));
    }

    @Test
    void reductionsActivationsAndNormalizations() {
        check("sum/mean", t -> t[0].sum(true, 1).add(t[0].mean(false, 0, 2).reshape(1, 3, 1)).add(t[0].mean()), rnd(1, 2, 3, 4));
        check("sumAll", t -> t[0].sum(), rnd(2, 3, 3));
        check("logSumExp", t -> t[0].logSumExp(0, true), rnd(3, 4, 3));
        check("softmax", t -> t[0].softmax(-1), rnd(4, 3, 5));
        check("logSoftmax", t -> t[0].logSoftmax(1), rnd(5, 3, 5));
        check("gelu", t -> t[0].mul(3.0).gelu(), rnd(6, 3, 5));
        check("tanh/sigmoid", t -> t[0].tanh().add(t[0].sigmoid()), rnd(7, 3, 5));
        check("relu", t -> t[0].add(0.05).relu(), rnd(8, 3, 5)); // shift keeps points away from the kink
        check("dropout (fixed mask)", t -> t[0].dropout(0.3, 5, true), rnd(9, 4, 5));
        check("layerNorm", t -> t[0].layerNorm(t[1].add(1.0), t[2], 1e-5), rnd(10, 2, 3, 5), rnd(11, 5), rnd(12, 5));
        check("l2Normalize", t -> t[0].l2Normalize(1e-12), rnd(13, 3, 4));
        check("cosine matrix", t -> t[0].cosineSimilarityMatrix(t[1]), rnd(14, 3, 4), rnd(15, 5, 4));
        INDArray mask = Nd4j.createFromArray(new int[][] {{1, 1, 0}, {1, 0, 0}});
        check("attention mask + softmax", t -> t[0].addAttentionMask(mask).softmax(-1), rnd(16, 2, 2, 3, 3));
    }

    @Test
    void fusedLosses() {
        INDArray y = Nd4j.createFromArray(new double[][] {{1, 0, 0.3}, {0, 1, 1}});
        check("bceWithLogits", t -> t[0].mul(3.0).bceWithLogits(y), rnd(1, 2, 3));
        check("crossEntropy", t -> t[0].mul(3.0).crossEntropy(new int[] {2, 0, 1, 1}), rnd(2, 4, 3));
    }
}
