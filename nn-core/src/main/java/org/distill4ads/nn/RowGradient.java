package org.distill4ads.nn;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.distill4ads.nn.kernel.FloatViews;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient of a [V, H] table that is zero outside a few rows: the touched row ids, ascending
 * and distinct, and their gradient rows, on the Java heap (float32 or float64, the table's type).
 * An embedding lookup of B x T ids produces one (see {@link Tensor#sparseRowGradient(boolean)}),
 * so a step over a 30,522-row vocabulary handles at most B x T rows, not the whole table.
 *
 * <p>Rows are summed in the order the lookups saw them, exactly as the dense scatter-add does, so
 * {@link #toDense()} is bit for bit the dense gradient.
 */
public final class RowGradient {
    private final long tableRows;
    private final int width;
    private final DataType type;
    private final int[] rows;
    private final float[] floats;
    private final double[] doubles;

    private RowGradient(long tableRows, int width, DataType type, int[] rows, float[] floats, double[] doubles) {
        this.tableRows = tableRows;
        this.width = width;
        this.type = type;
        this.rows = rows;
        this.floats = floats;
        this.doubles = doubles;
    }

    /**
     * Sums the rows of {@code g} ([N, width], row i belonging to table row {@code ids[i]}) per id.
     * Ids must lie in [0, tableRows).
     */
    static RowGradient scatter(long tableRows, int[] ids, INDArray g) {
        if (g.rank() != 2 || g.size(0) != ids.length) {
            throw new IllegalArgumentException("row gradient: " + ids.length + " ids need a [" + ids.length + ", H] gradient, got "
                    + Arrays.toString(g.shape()));
        }
        int width = Math.toIntExact(g.size(1));
        int[] sorted = ids.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        int[] rows = Arrays.copyOf(sorted, distinct);
        DataType type = g.dataType();
        INDArray c = g.dup('c');
        if (type == DataType.DOUBLE) {
            double[] src = c.data().asDouble();
            c.close();
            double[] acc = new double[distinct * width];
            for (int i = 0; i < ids.length; i++) {
                int base = Arrays.binarySearch(rows, ids[i]) * width;
                for (int j = 0; j < width; j++) {
                    acc[base + j] += src[i * width + j];
                }
            }
            return new RowGradient(tableRows, width, type, rows, null, acc);
        }
        float[] src;
        if (FloatViews.isDenseFloat(c)) {
            src = new float[Math.toIntExact(c.length())];
            FloatViews.of(c).get(src);
        } else {
            src = c.data().asFloat();
        }
        c.close();
        float[] acc = new float[distinct * width];
        for (int i = 0; i < ids.length; i++) {
            int base = Arrays.binarySearch(rows, ids[i]) * width;
            for (int j = 0; j < width; j++) {
                acc[base + j] += src[i * width + j];
            }
        }
        return new RowGradient(tableRows, width, type, rows, acc, null);
    }

    /** This gradient plus {@code o} (same table): the union of the rows, shared rows added as this + o. */
    RowGradient plus(RowGradient o) {
        if (o.tableRows != tableRows || o.width != width || o.type != type) {
            throw new IllegalArgumentException("row gradients of different tables: [" + tableRows + ", " + width + "] " + type
                    + " and [" + o.tableRows + ", " + o.width + "] " + o.type);
        }
        int[] union = new int[rows.length + o.rows.length];
        int n = 0;
        for (int i = 0, j = 0; i < rows.length || j < o.rows.length; ) {
            int next = j == o.rows.length || (i < rows.length && rows[i] <= o.rows[j]) ? rows[i] : o.rows[j];
            union[n++] = next;
            if (i < rows.length && rows[i] == next) {
                i++;
            }
            if (j < o.rows.length && o.rows[j] == next) {
                j++;
            }
        }
        int[] merged = Arrays.copyOf(union, n);
        if (type == DataType.DOUBLE) {
            double[] acc = new double[n * width];
            addRows(acc, merged, rows, doubles);
            addRows(acc, merged, o.rows, o.doubles);
            return new RowGradient(tableRows, width, type, merged, null, acc);
        }
        float[] acc = new float[n * width];
        addRows(acc, merged, rows, floats);
        addRows(acc, merged, o.rows, o.floats);
        return new RowGradient(tableRows, width, type, merged, acc, null);
    }

    private void addRows(double[] acc, int[] merged, int[] from, double[] values) {
        for (int k = 0; k < from.length; k++) {
            int to = Arrays.binarySearch(merged, from[k]) * width;
            for (int j = 0; j < width; j++) {
                acc[to + j] += values[k * width + j];
            }
        }
    }

    private void addRows(float[] acc, int[] merged, int[] from, float[] values) {
        for (int k = 0; k < from.length; k++) {
            int to = Arrays.binarySearch(merged, from[k]) * width;
            for (int j = 0; j < width; j++) {
                acc[to + j] += values[k * width + j];
            }
        }
    }

    /** The dense [tableRows, width] gradient: zeros outside {@link #rows()}. */
    public INDArray toDense() {
        int n = Math.toIntExact(tableRows * width);
        if (type == DataType.DOUBLE) {
            double[] all = new double[n];
            for (int k = 0; k < rows.length; k++) {
                System.arraycopy(doubles, k * width, all, rows[k] * width, width);
            }
            return Nd4j.create(all, new long[] {tableRows, width}, DataType.DOUBLE);
        }
        float[] all = new float[n];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(floats, k * width, all, rows[k] * width, width);
        }
        return Nd4j.create(all, new long[] {tableRows, width}, type);
    }

    /** Adds these float32 rows into {@code dense}, the elements of a [tableRows, width] float32 array, in place. */
    void addInto(FloatBuffer dense) {
        if (floats == null || dense.limit() != tableRows * width) {
            throw new IllegalArgumentException("row gradient: a float32 [" + tableRows + ", " + width + "] target is needed, got "
                    + type + " with " + dense.limit() + " elements");
        }
        float[] row = new float[width];
        for (int k = 0; k < rows.length; k++) {
            int at = rows[k] * width;
            dense.get(at, row, 0, width);
            for (int j = 0; j < width; j++) {
                row[j] += floats[k * width + j];
            }
            dense.put(at, row, 0, width);
        }
    }

    /** The touched table rows, ascending (a copy). */
    public int[] rows() {
        return rows.clone();
    }

    /** How many table rows are touched. */
    public int rowCount() {
        return rows.length;
    }

    /** Table row of the k-th touched row. */
    public int row(int k) {
        return rows[k];
    }

    public int width() {
        return width;
    }

    public long tableRows() {
        return tableRows;
    }

    public DataType dataType() {
        return type;
    }

    /** The float32 gradient rows, row k at [k * width, (k + 1) * width) (the live array); float32 only. */
    public float[] floatValues() {
        if (floats == null) {
            throw new IllegalStateException("row gradient is " + type + ", not FLOAT");
        }
        return floats;
    }

    /** The float64 gradient rows (the live array); float64 only. */
    public double[] doubleValues() {
        if (doubles == null) {
            throw new IllegalStateException("row gradient is " + type + ", not DOUBLE");
        }
        return doubles;
    }

    /** Σ g² over the touched rows, in double. */
    public double sumOfSquares() {
        double s = 0;
        if (doubles != null) {
            for (double x : doubles) {
                s += x * x;
            }
        } else {
            for (float x : floats) {
                s += (double) x * x;
            }
        }
        return s;
    }

    /** Multiplies every gradient value by {@code factor} in place. */
    public void scale(double factor) {
        if (doubles != null) {
            for (int i = 0; i < doubles.length; i++) {
                doubles[i] *= factor;
            }
        } else {
            float f = (float) factor;
            for (int i = 0; i < floats.length; i++) {
                floats[i] *= f;
            }
        }
    }
}
