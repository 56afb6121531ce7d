package org.distill4ads.distill.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.judge.JudgePair;
import org.distill4ads.distill.pipeline.TeacherScoresStage;
import org.distill4ads.transformer.model.CrossEncoder;

/**
 * One partition of (item_id, title, category, keyphrase) through the cross-encoder in batches, by
 * the teacher-scores stage's own code ({@link TeacherScoresStage#score(CrossEncoder, List, int)}:
 * the assistant's pair format, the probability clamped to [0, 1]): one (item_id, keyphrase, score)
 * row a pair. The model comes from the executor's pool ({@link ExecutorModels}).
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
        return new BatchedRows(pairs) {
            private CrossEncoder model;

            @Override
            protected void nextBatch(Iterator<Row> input) {
                if (model == null) {
                    model = ExecutorModels.borrow(null, new BundleOnExecutors(modelDir).resolve()).filter;
                }
                List<JudgePair> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && input.hasNext()) {
                    Row r = input.next();
                    batch.add(new JudgePair(new Item(r.getString(0), r.getString(1), r.getString(2)), r.getString(3)));
                }
                for (RelevanceScore s : TeacherScoresStage.score(model, batch, batchSize)) {
                    emit(RowFactory.create(s.itemId(), s.keyphrase(), (float) s.score()));
                }
            }
        };
    }
}
