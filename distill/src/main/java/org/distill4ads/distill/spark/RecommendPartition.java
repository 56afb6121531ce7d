package org.distill4ads.distill.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;

/**
 * One partition of the catalog through {@link KeyphraseRecommender}: items (item_id, title,
 * category) in, in batches, one output row per kept keyphrase (and per dropped candidate when
 * asked) out, lazily ({@link BatchedRows}). The models come from the
 * executor's pool ({@link ExecutorModels}), the index from its broadcast.
 */
final class RecommendPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final BundleOnExecutors bundle;
    private final Broadcast<KeyphraseIndexData> index;
    private final int dim;            // the recommender's settings, as numbers: its record is not Serializable
    private final int candidates;
    private final int k;
    private final float threshold;
    private final int batchSize;
    private final boolean withDropped;

    RecommendPartition(BundleOnExecutors bundle, Broadcast<KeyphraseIndexData> index, KeyphraseRecommender.Settings settings,
                       int batchSize, boolean withDropped) {
        this.bundle = bundle;
        this.index = index;
        this.dim = settings.dim();
        this.candidates = settings.candidates();
        this.k = settings.k();
        this.threshold = settings.threshold();
        this.batchSize = batchSize;
        this.withDropped = withDropped;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> items) {
        return new BatchedRows(items) {
            private KeyphraseRecommender recommender;

            @Override
            protected void nextBatch(Iterator<Row> input) {
                if (recommender == null) {
                    java.nio.file.Path dir = bundle.resolve();
                    recommender = ExecutorModels.borrow(dir.resolve(ServingBundle.STUDENT), dir.resolve(ServingBundle.CROSS_ENCODER))
                            .recommender(index, new KeyphraseRecommender.Settings(dim, candidates, k, threshold));
                }
                List<String> ids = new ArrayList<>(batchSize);
                List<String> texts = new ArrayList<>(batchSize);
                while (ids.size() < batchSize && input.hasNext()) {
                    Row r = input.next();
                    Item item = new Item(r.getString(0), r.getString(1), r.getString(2));
                    ids.add(item.id());
                    texts.add(item.text());
                }
                List<Recommendation> recs = recommender.recommendAll(texts);
                for (int i = 0; i < recs.size(); i++) {
                    emitRows(ids.get(i), recs.get(i));
                }
            }

            private void emitRows(String id, Recommendation r) {
                int rank = 0;
                for (Recommendation.Scored s : r.kept()) {
                    emit(RowFactory.create(id, s.keyphrase(), ++rank, s.similarity(), nullIfNaN(s.relevance()), null, null));
                }
                if (withDropped) {
                    for (Recommendation.Dropped d : r.dropped()) {
                        emit(RowFactory.create(id, d.keyphrase(), null, d.similarity(), nullIfNaN(d.relevance()),
                                d.reason().name().toLowerCase(java.util.Locale.ROOT), d.duplicateOf()));
                    }
                }
            }
        };
    }

    private static Float nullIfNaN(float x) {
        return Float.isNaN(x) ? null : x;
    }
}
