package org.distill4ads.distill.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.distill4ads.distill.eval.Batches;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.retrieval.KeyphraseRecommender;

/**
 * Catalog-scale batch recommendation on Spark ({@code distill4ads spark-recommend}, docs/spark.md):
 * reads a catalog of items, recommends keyphrases for every item with an exported bundle exactly as
 * {@link KeyphraseRecommender} does in one JVM (embed, retrieve, de-duplicate, filter, keep k), and
 * writes one Parquet row per kept keyphrase ({@link #OUTPUT}), plus one per dropped candidate with its
 * reason when asked. Rows it cannot read go to the rejected table with their reason, counted.
 *
 * <p>The driver loads the bundle, takes the recommender's settings from it and broadcasts the keyphrase
 * index; each executor loads the models once per task slot ({@link ExecutorModels}) and builds its
 * recommender with the bundle's own factory (the static {@code ServingBundle.recommender}: the same
 * pair text, filter and de-duplication), so each item gets the rows {@code recommend} gives it. Output is written through
 * Spark's commit protocol: a retried task's rows replace the failed attempt's, never add to them.
 */
public final class RecommendJob {
    /** item_id, keyphrase, rank (1 = best; null for a dropped candidate), similarity, relevance (the filter's
     *  probability; null for a duplicate, which is not scored), reason (null when kept; duplicate or filtered),
     *  duplicate_of (the kept keyphrase a duplicate repeats). */
    public static final StructType OUTPUT = new StructType(new StructField[] {
            DataTypes.createStructField("item_id", DataTypes.StringType, false),
            DataTypes.createStructField("keyphrase", DataTypes.StringType, false),
            DataTypes.createStructField("rank", DataTypes.IntegerType, true),
            DataTypes.createStructField("similarity", DataTypes.FloatType, false),
            DataTypes.createStructField("relevance", DataTypes.FloatType, true),
            DataTypes.createStructField("reason", DataTypes.StringType, true),
            DataTypes.createStructField("duplicate_of", DataTypes.StringType, true)});

    /**
     * @param bundle      the export bundle's folder as the driver sees it (executors: see {@link BundleOnExecutors})
     * @param items       the catalog: a file or folder of item_id, title, category
     * @param format      its format
     * @param out         the Parquet folder to write (must not exist)
     * @param rejected    the Parquet folder for rejected input rows (must not exist)
     * @param k           keyphrases kept per item
     * @param candidates  keyphrases retrieved per item before de-duplication and filtering
     * @param dim         Matryoshka size to search at; null for the student's full width
     * @param withDropped also write the dropped candidates with their reason
     * @param batchSize   items embedded and filtered together in a task
     * @param partitions  repartition the catalog into this many partitions first; null to keep the input's
     */
    public record Settings(Path bundle, String items, ItemCatalog.Format format, String out, String rejected, int k,
                           int candidates, Integer dim, boolean withDropped, int batchSize, Integer partitions) {
        public Settings {
            if (k < 1 || candidates < k) {
                throw new IllegalArgumentException("need 1 <= k <= candidates, got k " + k + " and candidates " + candidates);
            }
            if (batchSize < 1 || (partitions != null && partitions < 1)) {
                throw new IllegalArgumentException("batch size and partitions must be >= 1, got " + batchSize + " and " + partitions);
            }
        }

        /** Defaults: the bundle's full width, 64 items a batch (as `recommend`), the input's partitions, no dropped rows. */
        public static Settings of(Path bundle, String items, String out, int k, int candidates) {
            return new Settings(bundle, items, ItemCatalog.Format.of(null, items), out, out + "-rejected", k, candidates, null,
                    false, Batches.RECOMMEND, null);
        }
    }

    /** What a run read and wrote. */
    public record Summary(long items, long rejected, long rows, long indexBytes) {}

    private RecommendJob() {
    }

    /** Reads, recommends, writes; the counts are read back from what was written. */
    public static Summary run(SparkSession spark, Settings s) throws IOException {
        Dataset<Row> raw = ItemCatalog.read(spark, s.items(), s.format(), ItemCatalog.ITEM_COLUMNS, List.of("category"));
        ItemCatalog.Split split = ItemCatalog.split(raw, ItemCatalog.ITEM_COLUMNS, List.of("category"));
        Dataset<Row> items = s.partitions() == null ? split.valid() : split.valid().repartition(s.partitions());
        Prepared p = prepare(spark, s);
        split.rejected().write().parquet(s.rejected());
        recommend(items, p, s).write().parquet(s.out());
        return new Summary(split.valid().count(), spark.read().parquet(s.rejected()).count(), spark.read().parquet(s.out()).count(),
                p.index().value().bytes());
    }

    /** The bundle read on the driver: the index broadcast and the recommender's settings. */
    public record Prepared(BundleOnExecutors bundle, Broadcast<KeyphraseIndexData> index, KeyphraseRecommender.Settings settings) {}

    /**
     * Loads the bundle on the driver as {@code recommend} and {@code serve} do ({@link ServingBundle#load}: its
     * parts, the index's model against the student, the threshold), takes the recommender's settings from it
     * ({@link ServingBundle#settings}, at {@code dim} when given) and broadcasts the index file's bytes.
     */
    public static Prepared prepare(SparkSession spark, Settings s) throws IOException {
        if (!ServingBundle.isBundle(s.bundle())) {
            throw new IllegalArgumentException(s.bundle() + " is not an export bundle (no " + ServingBundle.INDEX
                    + "), expected a folder made by `distill4ads export`");
        }
        KeyphraseRecommender.Settings settings;
        try (ServingBundle b = ServingBundle.load(s.bundle())) {
            KeyphraseRecommender.Settings full = b.settings(s.k(), s.candidates());
            settings = s.dim() == null ? full
                    : new KeyphraseRecommender.Settings(s.dim(), full.candidates(), full.k(), full.threshold());
            b.recommender(settings);   // refuses a size that is not one of the student's Matryoshka sizes
        }
        Broadcast<KeyphraseIndexData> index = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(KeyphraseIndexData.read(s.bundle().resolve(ServingBundle.INDEX)));
        return new Prepared(new BundleOnExecutors(s.bundle().toString()), index, settings);
    }

    /** The recommendations of {@code items} (item_id, title, category, all text) as rows of {@link #OUTPUT}. */
    public static Dataset<Row> recommend(Dataset<Row> items, Prepared p, Settings s) {
        return items.mapPartitions(new RecommendPartition(p.bundle(), p.index(), p.settings(), s.batchSize(), s.withDropped()),
                Encoders.row(OUTPUT));
    }
}
