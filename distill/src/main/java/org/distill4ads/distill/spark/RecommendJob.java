package org.distill4ads.distill.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
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
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/**
 * Catalog-scale batch recommendation on Spark ({@code distill4ads spark-recommend}, docs/spark.md):
 * reads a catalog of items, recommends keyphrases for every item with an exported bundle exactly as
 * {@link KeyphraseRecommender} does in one JVM (embed, retrieve, de-duplicate, filter, keep k), and
 * writes one Parquet row per kept keyphrase ({@link #OUTPUT}), plus one per dropped candidate with its
 * reason when asked. Rows it cannot read go to the rejected table with their reason, counted.
 *
 * <p>The driver reads the bundle's threshold and keyphrase index and broadcasts the index; each
 * executor loads the models once per task slot ({@link ExecutorModels}). Output is written through
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

    /** Reads the bundle's threshold and index, checks the settings against them and broadcasts the index. */
    public static Prepared prepare(SparkSession spark, Settings s) throws IOException {
        if (!ServingBundle.isBundle(s.bundle())) {
            throw new IllegalArgumentException(s.bundle() + " is not an export bundle (no " + ServingBundle.INDEX
                    + "), expected a folder made by `distill4ads export`");
        }
        float threshold = ServingBundle.readThreshold(s.bundle().resolve(ServingBundle.THRESHOLD));
        KeyphraseIndexData data = KeyphraseIndexData.read(s.bundle().resolve(ServingBundle.INDEX));
        int dim = data.dim();
        if (s.dim() != null && s.dim() != data.dim()) {
            BiEncoder student = ModelFiles.loadBiEncoder(s.bundle().resolve(ServingBundle.STUDENT), WordPieceTokenizer::load);
            if (!student.matryoshka().supports(s.dim())) {
                throw new IllegalArgumentException("dim " + s.dim() + " is not a Matryoshka size of " + s.bundle().resolve(ServingBundle.STUDENT)
                        + ", expected one of " + Arrays.toString(student.matryoshka().dims()));
            }
            dim = s.dim();
        }
        // as ServingBundle.recommender(k, candidates): never more candidates than keyphrases
        int candidates = Math.min(s.candidates(), data.size());
        KeyphraseRecommender.Settings settings = new KeyphraseRecommender.Settings(dim, candidates, Math.min(s.k(), candidates), threshold);
        Broadcast<KeyphraseIndexData> index = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(data);
        return new Prepared(new BundleOnExecutors(s.bundle().toString()), index, settings);
    }

    /** The recommendations of {@code items} (item_id, title, category, all text) as rows of {@link #OUTPUT}. */
    public static Dataset<Row> recommend(Dataset<Row> items, Prepared p, Settings s) {
        return items.mapPartitions(new RecommendPartition(p.bundle(), p.index(), p.settings(), s.batchSize(), s.withDropped()),
                Encoders.row(OUTPUT));
    }
}
