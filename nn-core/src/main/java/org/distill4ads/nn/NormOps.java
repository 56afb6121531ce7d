package org.distill4ads.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Normalizations: layer norm with epsilon, L2 row normalization, cosine matrices, attention masks. */
final class NormOps {
    /** Bias added to attention scores at padding positions; exp() of it underflows to exactly 0. */
    static final double MASK_BIAS = -1e9;

    private NormOps() {}

    /** y = (x - mean) / sqrt(var + eps) * gain + bias over the last dimension (biased variance). */
    static Tensor layerNorm(Tensor a, Tensor gain, Tensor bias, double eps) {
        int last = a.rank() - 1;
        long h = a.shape()[last];
        if (gain.rank() != 1 || gain.shape()[0] != h || bias.rank() != 1 || bias.shape()[0] != h) {
            throw new IllegalArgumentException("layerNorm: gain " + Arrays.toString(gain.shape()) + " and bias "
                    + Arrays.toString(bias.shape()) + " must both be [" + h + "] for input " + Arrays.toString(a.shape()));
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("layerNorm: epsilon must be positive, got " + eps);
        }
        INDArray x = a.value();
        // xhat and invStd are captured by the backward closure: the tape frees them at close
        INDArray mean = x.mean(true, last);
        INDArray xc = x.sub(mean);
        mean.close();
        INDArray sq = xc.mul(xc);
        INDArray var = sq.mean(true, last);
        sq.close();
        INDArray invStd = Tape.track(Transforms.pow(var.addi(eps), -0.5, false));
        INDArray xhat = Tape.track(xc.muli(invStd));
        INDArray y = xhat.mul(gain.value()).addi(bias.value());
        int[] batchDims = new int[last];
        for (int i = 0; i < last; i++) {
            batchDims[i] = i;
        }
        return Tensor.make(y, "layerNorm", g -> {
            if (gain.requiresGrad()) {
                INDArray gx = g.mul(xhat);
                if (last == 0) {
                    gain.accumulateOwnedGrad(gx);
                } else {
                    gain.accumulateOwnedGrad(gx.sum(batchDims));
                    gx.close();
                }
            }
            if (bias.requiresGrad()) {
                bias.accumulateOwnedGrad(last == 0 ? g.dup() : g.sum(batchDims));
            }
            if (a.requiresGrad()) {
                // dx = invStd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
                INDArray dxhat = g.mul(gain.value());
                INDArray m1 = dxhat.mean(true, last);
                INDArray prod = dxhat.mul(xhat);
                INDArray m2 = prod.mean(true, last);
                prod.close();
                INDArray xm2 = xhat.mul(m2);
                INDArray dx = dxhat.subi(m1).subi(xm2).muli(invStd);
                m1.close();
                m2.close();
                xm2.close();
                a.accumulateOwnedGrad(dx);
            }
        }, a, gain, bias);
    }

    /** y = x / max(||x||, eps) along the last dimension. */
    static Tensor l2Normalize(Tensor a, double eps) {
        int last = a.rank() - 1;
        INDArray x = a.value();
        INDArray sq = x.mul(x);
        INDArray norm = Tape.track(Transforms.max(Transforms.sqrt(sq.sum(true, last), false), eps, false));
        sq.close();
        INDArray y = x.div(norm);
        return Tensor.make(y, "l2Normalize", g -> {
            // dx = (g - y * sum(g * y)) / norm
            INDArray gy = g.mul(y);
            INDArray s = gy.sum(true, last);
            gy.close();
            INDArray ys = y.mul(s);
            s.close();
            INDArray dx = g.sub(ys).divi(norm);
            ys.close();
            a.accumulateOwnedGrad(dx);
        }, a);
    }

    static Tensor cosineSimilarityMatrix(Tensor a, Tensor b) {
        if (a.rank() != 2 || b.rank() != 2 || a.shape()[1] != b.shape()[1]) {
            throw new IllegalArgumentException("cosineSimilarityMatrix needs [N, D] and [M, D], got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        return a.l2Normalize(1e-12).matmul(b.l2Normalize(1e-12), false, true);
    }

    /** scores [B, ..., T] + bias where bias is 0 for mask 1 and {@link #MASK_BIAS} for mask 0. */
    static Tensor addAttentionMask(Tensor scores, INDArray mask) {
        long[] s = scores.shape();
        if (mask.rank() != 2 || s.length < 2 || mask.shape()[0] != s[0] || mask.shape()[1] != s[s.length - 1]) {
            throw new IllegalArgumentException("addAttentionMask: mask " + Arrays.toString(mask.shape())
                    + " must be [B, T] for scores " + Arrays.toString(s));
        }
        long[] biasShape = new long[s.length];
        Arrays.fill(biasShape, 1);
        biasShape[0] = s[0];
        biasShape[s.length - 1] = s[s.length - 1];
        INDArray bias = mask.castTo(scores.dataType()).rsub(1.0).muli(MASK_BIAS).reshape('c', biasShape);
        return scores.add(Tensor.constant(Tape.track(bias)));
    }
}
