package org.distill4ads.nn.optim;

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
import org.distill4ads.nn.RowGradient;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Init;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Row (sparse) gradients of a lookup table and AdamW's lazy-row update of them. */
class RowGradientAdamWTest {
    private static final int V = 9;
    private static final int H = 4;
    private static final INDArray IDS_A = Nd4j.createFromArray(new int[][] {{3, 1, 3}, {7, 1, 0}});
    private static final INDArray IDS_B = Nd4j.createFromArray(new int[][] {{5, 3}});

    /** sum(lookup(ids) * R) with a fixed projection R, so every gradient element differs. */
    private static Tensor loss(Tensor table, INDArray ids, long seed) {
        Tensor rows = table.gatherRows(ids);
        return rows.mul(Tensor.constant(Init.normal(table.dataType(), 1, seed, rows.shape()))).sum();
    }

    /** The elements as doubles (exact for float32), for bit-for-bit comparisons. */
    private static double[] bits(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    private static Tensor table(DataType type, boolean sparse) {
        Tensor t = Tensor.param(Init.normal(type, 0.5, 11, V, H));
        return t.sparseRowGradient(sparse);
    }

    @Test
    void aLookupGivesTheTouchedRowsAndTheirDenseFormIsTheDenseGradientBitForBit() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Tensor sparse = table(type, true);
            Tensor dense = table(type, false);
            try (Tape t = Tape.open()) {
                loss(sparse, IDS_A, 1).add(loss(sparse, IDS_B, 2)).backward();
                loss(dense, IDS_A, 1).add(loss(dense, IDS_B, 2)).backward();
            }
            RowGradient rows = sparse.rowGradOrNull();
            assertNotNull(rows, "a sparse table's lookups must leave a row gradient");
            assertArrayEquals(new int[] {0, 1, 3, 5, 7}, rows.rows(), "touched rows, ascending and distinct");
            assertNull(dense.rowGradOrNull());
            assertArrayEquals(bits(dense.gradOrNull()), bits(rows.toDense()), type + ": dense form of the rows");
            // the global norm is read from the rows without making them dense
            assertEquals(GradientClipping.globalNorm(java.util.List.of(dense)), GradientClipping.globalNorm(java.util.List.of(sparse)),
                    1e-6 * GradientClipping.globalNorm(java.util.List.of(dense)));
            assertNotNull(sparse.rowGradOrNull());
            // reading the gradient makes it dense, with the same values
            assertArrayEquals(bits(dense.gradOrNull()), bits(sparse.gradOrNull()));
            assertNull(sparse.rowGradOrNull());
        }
    }

    @Test
    void theRowGradientPassesAFloat64FiniteDifferenceCheck() {
        INDArray w = Init.normal(DataType.DOUBLE, 0.5, 5, V, H);
        // the analytic pass runs on a param (sparse), the finite differences on constants
        GradCheck.Result r = GradCheck.check(in -> (in[0].requiresGrad() ? in[0].sparseRowGradient(true) : in[0])
                .gatherRows(IDS_A).tanh().add(in[0].gatherRows(IDS_B).sum()), w);
        assertTrue(r.passes(1e-7), r.toString());
    }

    @Test
    void aDenseContributionToASparseTableMakesItsGradientDenseAndExact() {
        Tensor sparse = table(DataType.DOUBLE, true);
        Tensor dense = table(DataType.DOUBLE, false);
        INDArray proj = Init.normal(DataType.DOUBLE, 1, 4, H, 2);
        try (Tape t = Tape.open()) {
            for (Tensor tab : new Tensor[] {sparse, dense}) {
                loss(tab, IDS_A, 1).add(tab.matmul(Tensor.constant(proj)).sum()).add(loss(tab, IDS_B, 2)).backward();
            }
        }
        assertNull(sparse.rowGradOrNull(), "a dense contribution (matmul of the whole table) makes the gradient dense");
        assertTrue(sparse.gradOrNull().equalsWithEps(dense.gradOrNull(), 1e-14));
    }

    @Test
    void clippingScalesARowGradientAsItScalesTheDenseOne() {
        Tensor sparse = table(DataType.FLOAT, true);
        Tensor dense = table(DataType.FLOAT, false);
        try (Tape t = Tape.open()) {
            loss(sparse, IDS_A, 1).backward();
            loss(dense, IDS_A, 1).backward();
        }
        double n = GradientClipping.clipByGlobalNorm(java.util.List.of(sparse), 0.5);
        GradientClipping.clipByGlobalNorm(java.util.List.of(dense), 0.5);
        assertTrue(n > 0.5, "the test needs a norm above the maximum, got " + n);
        assertNotNull(sparse.rowGradOrNull(), "clipping keeps a row gradient sparse");
        assertArrayEquals(bits(dense.gradOrNull()), bits(sparse.rowGradOrNull().toDense()));
    }

    /** Two tables with the same values, optimizers with the same non-zero moments on every row. */
    private static AdamW[] twin(Tensor a, Tensor b, DataType type) {
        AdamW da = new AdamW(Map.of("t", a), 0.05, 0.9, 0.999, 1e-8, 0.1);
        AdamW db = new AdamW(Map.of("t", b), 0.05, 0.9, 0.999, 1e-8, 0.1);
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put("m.t", Init.normal(type, 0.1, 21, V, H));
        state.put("v.t", Init.normal(type, 0.1, 22, V, H).muli(Init.normal(type, 0.1, 22, V, H)));
        state.put(AdamW.STEP_KEY, Nd4j.createFromArray(new long[] {4}));
        da.loadState(state);
        db.loadState(state);
        return new AdamW[] {da, db};
    }

    @Test
    void float32TouchedRowsGetExactlyTheDenseUpdateAndUntouchedRowsStayAsTheyAre() {
        Tensor sparse = table(DataType.FLOAT, true);
        Tensor dense = table(DataType.FLOAT, false);
        INDArray before = sparse.value().dup();
        AdamW[] opt = twin(sparse, dense, DataType.FLOAT);
        Map<String, INDArray> moments = opt[0].state();
        try (Tape t = Tape.open()) {
            loss(sparse, IDS_A, 1).backward();
            loss(dense, IDS_A, 1).backward();
        }
        opt[0].step();
        opt[1].step();
        Map<String, INDArray> ms = opt[0].state();
        Map<String, INDArray> md = opt[1].state();
        int[] touched = {0, 1, 3, 7};
        for (int r = 0; r < V; r++) {
            boolean hit = java.util.Arrays.binarySearch(touched, r) >= 0;
            if (hit) {
                assertArrayEquals(bits(dense.value().getRow(r)), bits(sparse.value().getRow(r)), "row " + r + " value");
                assertArrayEquals(bits(md.get("m.t").getRow(r)), bits(ms.get("m.t").getRow(r)), "row " + r + " m");
                assertArrayEquals(bits(md.get("v.t").getRow(r)), bits(ms.get("v.t").getRow(r)), "row " + r + " v");
            } else {
                assertArrayEquals(bits(before.getRow(r)), bits(sparse.value().getRow(r)), "untouched row " + r + " value");
                assertArrayEquals(bits(moments.get("m.t").getRow(r)), bits(ms.get("m.t").getRow(r)), "untouched row " + r + " m");
                assertArrayEquals(bits(moments.get("v.t").getRow(r)), bits(ms.get("v.t").getRow(r)), "untouched row " + r + " v");
                assertNotEquals(java.util.Arrays.toString(bits(before.getRow(r))), java.util.Arrays.toString(bits(dense.value().getRow(r))),
                        "dense AdamW moves untouched row " + r);
            }
        }
        assertEquals(opt[1].iteration(), opt[0].iteration());
        assertNull(sparse.rowGradOrNull(), "the step clears the row gradient");
    }

    /**
     * float64, three steps touching different rows, against an independent loop implementation of
     * the documented lazy semantics: a touched row gets the dense AdamW update with the global step
     * count; an untouched row, its moments included, stays.
     */
    @Test
    void float64LazyRowsFollowTheDocumentedSemanticsOverSeveralSteps() {
        double lr = 0.05;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double wd = 0.1;
        Tensor table = table(DataType.DOUBLE, true);
        AdamW opt = new AdamW(Map.of("t", table), lr, b1, b2, eps, wd);
        double[][] p = table.value().toDoubleMatrix();
        double[][] m = new double[V][H];
        double[][] v = new double[V][H];
        INDArray[] batches = {IDS_A, IDS_B, Nd4j.createFromArray(new int[][] {{8, 8, 1}})};
        for (int step = 1; step <= 3; step++) {
            INDArray ids = batches[step - 1];
            INDArray proj = Init.normal(DataType.DOUBLE, 1, step, ids.size(0), ids.size(1), H);
            // the gradient by hand: proj rows summed per id
            double[][] g = new double[V][H];
            boolean[] hit = new boolean[V];
            for (int i = 0; i < ids.size(0); i++) {
                for (int j = 0; j < ids.size(1); j++) {
                    int id = ids.getInt(i, j);
                    hit[id] = true;
                    for (int k = 0; k < H; k++) {
                        g[id][k] += proj.getDouble(i, j, k);
                    }
                }
            }
            double bc1 = 1 - Math.pow(b1, step);
            double bc2 = 1 - Math.pow(b2, step);
            for (int r = 0; r < V; r++) {
                if (!hit[r]) {
                    continue;
                }
                for (int k = 0; k < H; k++) {
                    p[r][k] *= 1 - lr * wd;
                    m[r][k] = b1 * m[r][k] + (1 - b1) * g[r][k];
                    v[r][k] = b2 * v[r][k] + (1 - b2) * g[r][k] * g[r][k];
                    p[r][k] -= lr * (m[r][k] / bc1) / (Math.sqrt(v[r][k] / bc2) + eps);
                }
            }
            try (Tape t = Tape.open()) {
                table.gatherRows(ids).mul(Tensor.constant(proj)).sum().backward();
            }
            assertNotNull(table.rowGradOrNull());
            opt.step();
            double[][] got = table.value().toDoubleMatrix();
            double[][] gotM = opt.state().get("m.t").toDoubleMatrix();
            for (int r = 0; r < V; r++) {
                for (int k = 0; k < H; k++) {
                    assertEquals(p[r][k], got[r][k], 1e-12, "step " + step + " row " + r + " col " + k);
                    assertEquals(m[r][k], gotM[r][k], 1e-12, "m, step " + step + " row " + r + " col " + k);
                }
            }
        }
    }

    @Test
    void onlyATrainableMatrixLeafTakesARowGradient() {
        Tensor bias = Tensor.param(Nd4j.zeros(DataType.FLOAT, 4));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bias.sparseRowGradient(true));
        assertTrue(e.getMessage().contains("[V, H] leaf") && e.getMessage().contains("[4]"), e.getMessage());
        Tensor c = Tensor.constant(Nd4j.zeros(DataType.FLOAT, 3, 4));
        assertThrows(IllegalStateException.class, () -> c.sparseRowGradient(true));
    }
}
