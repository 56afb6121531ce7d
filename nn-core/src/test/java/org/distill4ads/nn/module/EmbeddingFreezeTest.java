package org.distill4ads.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.distill4ads.nn.GradCheck;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.optim.AdamW;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class EmbeddingFreezeTest {
    /** A projection of the output: a plain sum through LayerNorm would have a zero gradient. */
    private static Tensor loss(ModulesTest.Tiny m) {
        Tensor out = m.forward(ModulesTest.IDS);
        return out.mul(Tensor.constant(Init.normal(out.dataType(), 1, 9, out.shape()))).sum();
    }

    @Test
    void aFrozenTableGetsNoGradientAndTheRestStillPassesAGradientCheck() {
        ModulesTest.Tiny m = new ModulesTest.Tiny(DataType.DOUBLE, 3, 0.0);
        m.emb.freeze();
        try (Tape t = Tape.open()) {
            loss(m).backward();
        }
        assertNull(m.emb.weight().gradOrNull(), "a frozen table must not receive a gradient");
        assertNotNull(m.query.weight().gradOrNull());
        m.zeroGrad();
        Map<String, Tensor> rest = new LinkedHashMap<>(m.namedParameters());
        rest.remove("emb.weight");
        GradCheck.Result r = GradCheck.checkParameters(() -> m.forward(ModulesTest.IDS), rest, 50, 1e-6, 1);
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void adamWLeavesAFrozenTableBitForBitAndUnfreezingRestoresTheGradient() {
        ModulesTest.Tiny m = new ModulesTest.Tiny(DataType.FLOAT, 3, 0.0);
        INDArray table = m.emb.weight().value().dup();
        INDArray query = m.query.weight().value().dup();
        AdamW opt = new AdamW(m.namedParameters(), 0.1);
        m.emb.freeze();
        for (int step = 0; step < 3; step++) {
            try (Tape t = Tape.open()) {
                loss(m).backward();
            }
            opt.step();
        }
        assertEquals(table, m.emb.weight().value());
        assertNotEquals(query, m.query.weight().value());
        assertEquals(0.0, opt.state().get("m.emb.weight").sumNumber().doubleValue(), "untouched moments stay zero");

        m.emb.unfreeze();
        try (Tape t = Tape.open()) {
            loss(m).backward();
        }
        INDArray g = m.emb.weight().grad();
        // ids {1, 3, 3, 6, 0, 1}: rows 2, 4 and 5 are read by no lookup, so their gradient is zero
        for (int row : new int[] {2, 4, 5}) {
            assertEquals(0.0, g.getRow(row).norm2Number().doubleValue(), "row " + row);
        }
        assertTrue(g.getRow(3).norm2Number().doubleValue() > 0);
    }

    @Test
    void derivedSeedsMatchAnIndependentSplitMixAndDiffer() {
        // values from a Python transcription of SplitMix64(SplitMix64(seed) ^ FNV-1a-64(name))
        assertEquals(-1505587802706146524L, Init.derive(42, "classifier"));
        assertEquals(1631211849582246274L, Init.derive(42, "word_embeddings"));
        assertEquals(7568719646328786635L, Init.derive(-1, "layer.0"));
        assertNotEquals(Init.derive(42, "layer.1"), Init.derive(43, "layer.0"));
        assertNotEquals(Init.derive(42, "a"), Init.derive(42, "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Init.derive(1, ""));
        assertTrue(e.getMessage().contains("component name"), e.getMessage());
    }

    @Test
    void aHeadSeededLikeATableNoLongerRepeatsItsFirstRow() {
        // the defect derive() removes: the same seed for a [V, H] table and a [1, H] head gives equal rows
        INDArray table = Init.normal(DataType.FLOAT, 0.02, 42, 10, 4);
        assertArrayEquals(table.getRow(0).toFloatVector(), Init.normal(DataType.FLOAT, 0.02, 42, 1, 4).toFloatVector());
        INDArray head = Init.normal(DataType.FLOAT, 0.02, Init.derive(42, "classifier"), 1, 4);
        INDArray rows = Init.normal(DataType.FLOAT, 0.02, Init.derive(42, "word_embeddings"), 10, 4);
        for (int r = 0; r < 10; r++) {
            assertNotEquals(rows.getRow(r), head.getRow(0).reshape(4));
        }
    }
}
