package org.distill4ads.nn.module;

import java.util.Arrays;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/** y = x W^T + b over the last dimension; weight [out, in] as in PyTorch checkpoints. */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;

    /** Weight ~ N(0, std), bias zero (BERT's initialization). */
    public Linear(int in, int out, boolean bias, DataType type, double std, long seed) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear dimensions must be positive, got in=" + in + " out=" + out);
        }
        this.in = in;
        this.out = out;
        this.weight = registerParameter("weight", Init.normal(type, std, seed, out, in));
        this.bias = bias ? registerParameter("bias", Init.zeros(type, out)) : null;
    }

    public Linear(int in, int out, DataType type, long seed) {
        this(in, out, true, type, 0.02, seed);
    }

    public Tensor forward(Tensor x) {
        checkInput(x);
        return x.linear(weight, bias);
    }

    /** gelu(forward(x)), with the bias and the activation in one pass. */
    public Tensor forwardGelu(Tensor x) {
        checkInput(x);
        return x.linearGelu(weight, bias);
    }

    private void checkInput(Tensor x) {
        long[] s = x.shape();
        if (s[s.length - 1] != in) {
            throw new IllegalArgumentException("Linear expects last dimension " + in + ", got " + Arrays.toString(s));
        }
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }
}
