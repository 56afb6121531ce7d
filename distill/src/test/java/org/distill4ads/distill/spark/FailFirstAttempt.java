package org.distill4ads.distill.spark;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/** Passes rows through, but the first attempt of partition 0 fails after {@code after} rows (some already written). */
final class FailFirstAttempt implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int after;

    FailFirstAttempt(int after) {
        this.after = after;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        boolean fail = task.partitionId() == 0 && task.attemptNumber() == 0;
        return new Iterator<>() {
            private int passed;

            @Override
            public boolean hasNext() {
                if (fail && passed == after) {
                    throw new IllegalStateException("injected failure of the first attempt of partition 0 after " + after + " rows");
                }
                return rows.hasNext();
            }

            @Override
            public Row next() {
                passed++;
                return rows.next();
            }
        };
    }
}
