package org.distill4ads.nn.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.GradCheck;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.optim.AdamW;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModulesTest {
    /** A small tree: attention.self.query (Linear), norm (LayerNorm), emb (Embedding), drop. */
    static final class Tiny extends Module {
        final Embedding emb;
        final Linear query;
        final LayerNorm norm;
        final Dropout drop;

        Tiny(DataType t, long seed, double p) {
            emb = registerModule("emb", new Embedding(7, 4, t, 0.5, seed));
            Group att = registerModule("attention", new Group());
            query = att.add("self", new Group()).add("query", new Linear(4, 3, true, t, 0.5, seed + 1));
            norm = registerModule("norm", new LayerNorm(3, 1e-5, t));
            drop = registerModule("drop", new Dropout(p, seed + 2));
        }

        Tensor forward(INDArray ids) {
            return drop.forward(norm.forward(query.forward(emb.forward(ids)).tanh()));
        }
    }

    static final class Group extends Module {
        <M extends Module> M add(String n, M m) {
            return registerModule(n, m);
        }
    }

    static final INDArray IDS = Nd4j.createFromArray(new int[][] {{1, 3, 3}, {6, 0, 1}});

    @Test
    void dottedNamesAndTrainEval() {
        Tiny m = new Tiny(DataType.FLOAT, 1, 0.1);
        assertEquals(List.of("emb.weight", "attention.self.query.weight", "attention.self.query.bias", "norm.weight", "norm.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(7 * 4 + 3 * 4 + 3 + 3 + 3, m.parameterCount());
        m.eval();
        assertFalse(m.drop.isTraining());
        m.train(true);
        assertTrue(m.query.isTraining());
    }

    @Test
    void everyLayerPassesAGradientCheck() {
        Tiny m = new Tiny(DataType.DOUBLE, 3, 0.3);
        m.reseed(5);
        GradCheck.Result r = GradCheck.checkParameters(() -> {
            m.reseed(5); // same dropout mask for every evaluation
            return m.forward(IDS);
        }, m.namedParameters(), 50, 1e-6, 1);
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void dropoutReplaysFromTheSeed() {
        Tiny m = new Tiny(DataType.FLOAT, 3, 0.5);
        m.reseed(11);
        INDArray a = m.forward(IDS).value().dup();
        m.reseed(11);
        assertEquals(a, m.forward(IDS).value());
        m.reseed(12);
        assertNotEquals(a, m.forward(IDS).value());
        m.eval();
        INDArray e1 = m.forward(IDS).value().dup();
        assertEquals(e1, m.forward(IDS).value(), "no dropout in eval mode");
    }

    @Test
    void stateDictErrorsNameTheKey() {
        Tiny m = new Tiny(DataType.FLOAT, 1, 0);
        Map<String, INDArray> s = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> s.put(k, v.dup()));
        s.put("norm.bias", Nd4j.zeros(DataType.FLOAT, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(s, true));
        assertTrue(e.getMessage().contains("'norm.bias'") && e.getMessage().contains("[4]") && e.getMessage().contains("[3]"), e.getMessage());
        s.remove("norm.bias");
        e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(s, true));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("norm.bias"), e.getMessage());
        s.put("norm.bias", Nd4j.zeros(DataType.FLOAT, 3));
        s.put("extra", Nd4j.zeros(DataType.FLOAT, 1));
        e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(s, true));
        assertTrue(e.getMessage().contains("extra"), e.getMessage());
        m.loadStateDict(s, false);
        Tiny other = new Tiny(DataType.FLOAT, 99, 0);
        other.loadStateDict(m.stateDict(), true);
        assertEquals(m.forward(IDS).value(), other.forward(IDS).value());
    }

    @Test
    void initializersAreSeeded() {
        assertEquals(Init.normal(DataType.FLOAT, 0.02, 4, 50, 50), Init.normal(DataType.FLOAT, 0.02, 4, 50, 50));
        INDArray n = Init.normal(DataType.DOUBLE, 2.0, 4, 200, 200);
        assertEquals(0.0, n.meanNumber().doubleValue(), 0.05);
        assertEquals(2.0, n.stdNumber().doubleValue(), 0.05);
        INDArray x = Init.xavierUniform(DataType.DOUBLE, 1, 30, 20);
        assertTrue(x.amaxNumber().doubleValue() <= Math.sqrt(6.0 / 50));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Linear(0, 3, DataType.FLOAT, 0));
    }

    /** A 2-8-1 MLP learns XOR with AdamW, bit-identically for the same seed. */
    @Test
    void mlpLearnsXorReproducibly() {
        INDArray a = trainXor(13);
        assertEquals(a, trainXor(13));
    }

    static INDArray trainXor(long seed) {
        Linear l1 = new Linear(2, 8, true, DataType.FLOAT, 1.0, seed);
        Linear l2 = new Linear(8, 1, true, DataType.FLOAT, 1.0, seed + 1);
        Map<String, Tensor> params = new LinkedHashMap<>();
        l1.namedParameters().forEach((k, v) -> params.put("l1." + k, v));
        l2.namedParameters().forEach((k, v) -> params.put("l2." + k, v));
        AdamW opt = new AdamW(params, 0.05, 0.9, 0.999, 1e-8, 0);
        INDArray x = Nd4j.createFromArray(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        INDArray y = Nd4j.createFromArray(new float[] {0, 1, 1, 0});
        double loss = 1;
        for (int s = 0; s < 500; s++) {
            try (Tape t = Tape.open()) {
                Tensor l = l2.forward(l1.forward(Tensor.constant(x)).tanh()).reshape(4).bceWithLogits(y);
                l.backward();
                opt.step();
                loss = l.item();
            }
        }
        assertTrue(loss < 0.01, "XOR loss " + loss);
        return l2.weight().value().dup();
    }
}
