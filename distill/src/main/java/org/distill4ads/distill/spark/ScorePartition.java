package org.distill4ads.distill.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.distill4ads.distill.data.Item;
import org.distill4ads.transformer.model.CrossEncoder;

/**
 * One partition of (item_id, title, category, keyphrase) through the cross-encoder in batches, as
 * the teacher-scores stage scores its pairs: one (item_id, keyphrase, score) row a pair, the
 * probability clamped to [0, 1]. The model comes from the executor's pool ({@link ExecutorModels}).
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String modelDir;
    private final int batchSize;

    ScorePartition(String modelDir, int batchSize) {
        this.modelDir = modelDir;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> pairs) {
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();
            private CrossEncoder model;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && pairs.hasNext()) {
                    nextBatch();
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }

            private void nextBatch() {
                if (model == null) {
                    model = ExecutorModels.borrow(null, new BundleOnExecutors(modelDir).resolve()).filter;
                }
                List<String> ids = new ArrayList<>(batchSize);
                List<CrossEncoder.Pair> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && pairs.hasNext()) {
                    Row r = pairs.next();
                    Item item = new Item(r.getString(0), r.getString(1), r.getString(2));
                    ids.add(item.id());
                    batch.add(new CrossEncoder.Pair(item.text(), r.getString(3)));
                }
                float[] p = model.predict(batch, batchSize);
                for (int i = 0; i < p.length; i++) {
                    ready.add(RowFactory.create(ids.get(i), batch.get(i).second(), Math.min(1f, Math.max(0f, p[i]))));
                }
            }
        };
    }
}
