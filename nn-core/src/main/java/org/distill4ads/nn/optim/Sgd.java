package org.distill4ads.nn.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Stochastic gradient descent with optional momentum: {@code v <- mu v + g; p <- p - lr v}. */
public final class Sgd implements Optimizer {
    private final List<Tensor> params = new ArrayList<>();
    private final List<INDArray> velocity = new ArrayList<>();
    private final double momentum;
    private double lr;
    private long step;

    public Sgd(Map<String, Tensor> parameters, double lr) {
        this(parameters, lr, 0.0);
    }

    public Sgd(Map<String, Tensor> parameters, double lr, double momentum) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("SGD: learning rate must be >= 0, got " + lr);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD: momentum must be in [0, 1), got " + momentum);
        }
        this.lr = lr;
        this.momentum = momentum;
        parameters.values().forEach(p -> {
            params.add(p);
            velocity.add(momentum > 0 ? Nd4j.zeros(p.dataType(), p.shape()) : null);
        });
    }

    @Override
    public void step() {
        step++;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            INDArray g = p.gradOrNull();
            if (g == null) {
                continue;
            }
            INDArray v = velocity.get(i);
            if (v != null) {
                v.muli(momentum).addi(g);
            }
            // the scaled step is a temporary outside any Tape scope: close it at once
            INDArray delta = (v != null ? v : g).mul(lr);
            p.value().subi(delta);
            delta.close();
            p.zeroGrad();
        }
    }

    @Override
    public void setLearningRate(double lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("SGD: learning rate must be >= 0, got " + lr);
        }
        this.lr = lr;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public long iteration() {
        return step;
    }
}
