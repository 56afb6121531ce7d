package org.distill4ads.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Fused losses whose gradients are simpler and more stable than their composition. */
final class LossOps {
    private LossOps() {}

    /** mean(max(x, 0) - x y + log(1 + exp(-|x|))); gradient (sigmoid(x) - y) / N. */
    static Tensor bceWithLogits(Tensor logits, INDArray targets) {
        if (!Arrays.equals(logits.shape(), targets.shape())) {
            throw new IllegalArgumentException("bceWithLogits: targets " + Arrays.toString(targets.shape())
                    + " must have the logits' shape " + Arrays.toString(logits.shape()));
        }
        double min = targets.minNumber().doubleValue();
        double max = targets.maxNumber().doubleValue();
        if (min < 0 || max > 1) {
            throw new IllegalArgumentException("bceWithLogits: targets must lie in [0, 1], found range [" + min + ", " + max + "]");
        }
        INDArray x = logits.value();
        INDArray y = targets.castTo(x.dataType());
        long n = x.length();
        INDArray softplus = Transforms.log(Transforms.exp(Transforms.abs(x, true).negi(), false).addi(1.0), false);
        INDArray per = Transforms.relu(x, true).subi(x.mul(y)).addi(softplus);
        INDArray out = Nd4j.scalar(x.dataType(), per.sumNumber().doubleValue() / n);
        Tape.track(per);
        return Tensor.make(out, "bceWithLogits", g -> {
            double scale = g.getDouble(0) / n;
            logits.accumulateOwnedGrad(Transforms.sigmoid(x, true).subi(y).muli(scale));
        }, logits);
    }

    /** mean over rows of -log softmax(logits)[row, target]; gradient (softmax - onehot) / N. */
    static Tensor crossEntropy(Tensor logits, int[] targets) {
        if (logits.rank() != 2 || logits.shape()[0] != targets.length) {
            throw new IllegalArgumentException("crossEntropy needs logits [N, C] with N = " + targets.length
                    + " targets, got " + Arrays.toString(logits.shape()));
        }
        long classes = logits.shape()[1];
        int n = targets.length;
        INDArray oneHot = Nd4j.zeros(logits.dataType(), n, classes);
        for (int i = 0; i < n; i++) {
            if (targets[i] < 0 || targets[i] >= classes) {
                throw new IllegalArgumentException("crossEntropy: target " + targets[i] + " at row " + i
                        + " is not a class index in [0, " + classes + ")");
            }
            oneHot.putScalar(i, targets[i], 1.0);
        }
        Tape.track(oneHot);
        INDArray x = logits.value();
        INDArray shifted = x.sub(x.max(true, 1));
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        INDArray logp = shifted.subi(lse);
        double loss = -logp.mul(oneHot).sumNumber().doubleValue() / n;
        INDArray out = Nd4j.scalar(x.dataType(), loss);
        Tape.track(logp);
        return Tensor.make(out, "crossEntropy", g -> {
            double scale = g.getDouble(0) / n;
            logits.accumulateOwnedGrad(Transforms.exp(logp, true).subi(oneHot).muli(scale));
        }, logits);
    }
}
