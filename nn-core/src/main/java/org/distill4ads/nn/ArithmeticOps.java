package org.distill4ads.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Element-wise arithmetic with broadcasting, and element-wise math functions. */
final class ArithmeticOps {
    private ArithmeticOps() {}

    static Tensor add(Tensor a, Tensor b) {
        Broadcast.checkCompatible("add", a, b);
        return Tensor.make(Broadcast.left(a.value(), b.value()).add(b.value()), "add", g -> {
            pass(a, g);
            pass(b, g);
        }, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Broadcast.checkCompatible("sub", a, b);
        return Tensor.make(Broadcast.left(a.value(), b.value()).sub(b.value()), "sub", g -> {
            pass(a, g);
            if (b.requiresGrad()) {
                b.accumulateOwnedGrad(Broadcast.reduceTo(g, b.shape()).neg());
            }
        }, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        Broadcast.checkCompatible("mul", a, b);
        return Tensor.make(Broadcast.left(a.value(), b.value()).mul(b.value()), "mul", g -> {
            if (a.requiresGrad()) {
                a.accumulateOwnedGrad(reduceOwned(Broadcast.left(g, b.value()).mul(b.value()), a.shape()));
            }
            if (b.requiresGrad()) {
                b.accumulateOwnedGrad(reduceOwned(Broadcast.left(g, a.value()).mul(a.value()), b.shape()));
            }
        }, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        Broadcast.checkCompatible("div", a, b);
        INDArray out = Broadcast.left(a.value(), b.value()).div(b.value());
        return Tensor.make(out, "div", g -> {
            if (a.requiresGrad()) {
                a.accumulateOwnedGrad(reduceOwned(Broadcast.left(g, b.value()).div(b.value()), a.shape()));
            }
            if (b.requiresGrad()) {
                // d(a/b)/db = -(a/b)/b
                INDArray gb = Broadcast.left(g.mul(out), b.value()).div(b.value()).negi();
                b.accumulateOwnedGrad(reduceOwned(gb, b.shape()));
            }
        }, a, b);
    }

    static Tensor addScalar(Tensor a, double c) {
        INDArray x = a.value();
        INDArray out = Double.isNaN(c) ? x.add(nanLike(x)) : x.add(c);
        return Tensor.make(out, "addScalar", a::accumulateGrad, a);
    }

    static Tensor mulScalar(Tensor a, double c) {
        INDArray x = a.value();
        INDArray out = Double.isNaN(c) ? x.mul(nanLike(x)) : x.mul(c);
        return Tensor.make(out, "mulScalar", g -> a.accumulateOwnedGrad(Double.isNaN(c) ? g.mul(nanLike(g)) : g.mul(c)), a);
    }

    /**
     * ND4J's scalar ops mishandle a NaN constant ({@code x.mul(NaN)} returns a finite array), which
     * would hide a NaN from the trainer's non-finite guard; an array operand propagates it.
     */
    private static INDArray nanLike(INDArray x) {
        return Tape.track(Nd4j.valueArrayOf(x.shape(), Double.NaN, x.dataType()));
    }

    static Tensor pow(Tensor a, double p) {
        INDArray x = a.value();
        INDArray out = p == 2.0 ? x.mul(x) : Transforms.pow(x, p, true);
        return Tensor.make(out, "pow", g -> {
            INDArray d = p == 2.0 ? x.mul(2.0) : Transforms.pow(x, p - 1, true).muli(p);
            a.accumulateOwnedGrad(d.muli(g));
        }, a);
    }

    static Tensor sqrt(Tensor a) {
        INDArray out = Transforms.sqrt(a.value(), true);
        return Tensor.make(out, "sqrt", g -> a.accumulateOwnedGrad(g.div(out).muli(0.5)), a);
    }

    static Tensor exp(Tensor a) {
        INDArray out = Transforms.exp(a.value(), true);
        return Tensor.make(out, "exp", g -> a.accumulateOwnedGrad(g.mul(out)), a);
    }

    static Tensor log(Tensor a) {
        INDArray x = a.value();
        return Tensor.make(Transforms.log(x, true), "log", g -> a.accumulateOwnedGrad(g.div(x)), a);
    }

    static Tensor abs(Tensor a) {
        INDArray x = a.value();
        return Tensor.make(Transforms.abs(x, true), "abs", g -> a.accumulateOwnedGrad(g.mul(Transforms.sign(x, true))), a);
    }

    /** Gradient of an input that entered a broadcast op unchanged (add, the left side of sub). */
    private static void pass(Tensor in, INDArray g) {
        if (!in.requiresGrad()) {
            return;
        }
        INDArray r = Broadcast.reduceTo(g, in.shape());
        if (Broadcast.isFresh(r, g)) {
            in.accumulateOwnedGrad(r);
        } else {
            in.accumulateGrad(g);
        }
    }

    private static INDArray reduceOwned(INDArray fresh, long[] shape) {
        INDArray r = Broadcast.reduceTo(fresh, shape);
        if (r != fresh) {
            Tape.track(fresh);
        }
        return r;
    }
}
