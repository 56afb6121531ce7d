package org.distill4ads.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SmokeGradTest {
    static INDArray rnd(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5);
    }

    @Test
    void everyOpPassesQuickly() {
        var ops = new java.util.LinkedHashMap<String, java.util.function.Function<Tensor[], Tensor>>();
        ops.put("matmulAB", in -> in[0].matmul(in[1]));
        ops.put("addBroadcast", in -> in[0].add(in[1].transpose(0, 1).slice(0, 0, 1)));
        ops.put("mul", in -> in[0].mul(in[1].transpose(0, 1).slice(0, 0, 1)));
        ops.put("div", in -> in[0].div(in[1].transpose(0, 1).slice(0, 0, 1).exp()));
        ops.put("softmax", in -> in[0].softmax(1));
        ops.put("logSoftmax", in -> in[0].logSoftmax(0));
        ops.put("gelu", in -> in[0].gelu());
        ops.put("layerNorm", in -> in[0].layerNorm(in[1].transpose(0, 1).slice(0, 0, 1).reshape(3).add(1.0), in[1].transpose(0, 1).slice(0, 1, 2).reshape(3), 1e-5));
        ops.put("l2", in -> in[0].l2Normalize(1e-12));
        ops.put("cos", in -> in[0].cosineSimilarityMatrix(in[1].transpose(0, 1)));
        ops.put("lse", in -> in[0].logSumExp(1, false));
        ops.put("mean", in -> in[0].mean(false, 0));
        ops.put("permuteReshape", in -> in[0].permute(1, 0).reshape(6).mul(2.0));
        ops.put("concat", in -> Tensor.concat(1, in[0], in[1].transpose(0, 1)));
        for (var e : ops.entrySet()) {
            GradCheck.Result r = GradCheck.check(e.getValue(), rnd(1, 2, 3), rnd(2, 3, 2));
            assertTrue(r.passes(1e-7), e.getKey() + ": " + r);
        }
    }
}
