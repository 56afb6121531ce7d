package org.distill4ads.distill.spark;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * A partition's output rows made a batch of input rows at a time, lazily: the next batch is read
 * and turned into rows only once the rows of the one before are taken, so a partition never sits
 * in memory whole. Subclasses say how one batch becomes rows.
 */
abstract class BatchedRows implements Iterator<Row> {
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private final Iterator<Row> input;

    BatchedRows(Iterator<Row> input) {
        this.input = input;
    }

    /** Reads the next batch from {@code input}, which has at least one row, and emits its output rows. */
    protected abstract void nextBatch(Iterator<Row> input);

    /** Queues one output row of the current batch. */
    protected final void emit(Row row) {
        ready.add(row);
    }

    @Override
    public final boolean hasNext() {
        while (ready.isEmpty() && input.hasNext()) {
            nextBatch(input);
        }
        return !ready.isEmpty();
    }

    @Override
    public final Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }
}
