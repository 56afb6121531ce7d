package org.distill4ads.distill.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.distill4ads.distill.eval.Batches;

/**
 * The teacher-scores stage at scale ({@code distill4ads spark-score}, docs/spark.md): (item_id,
 * keyphrase) pairs joined with the catalog's titles, scored by a cross-encoder in batches on the
 * executors, written as Parquet rows (item_id, keyphrase, score), the relevance-scores table of
 * docs/formats.md. A pair that cannot be read or names an item the catalog lacks is rejected with
 * its reason, counted, not dropped.
 */
public final class ScoreJob {
    public static final List<String> PAIR_COLUMNS = List.of("item_id", "keyphrase");
    public static final StructType OUTPUT = new StructType(new StructField[] {
            DataTypes.createStructField("item_id", DataTypes.StringType, false),
            DataTypes.createStructField("keyphrase", DataTypes.StringType, false),
            DataTypes.createStructField("score", DataTypes.FloatType, false)});

    /**
     * @param model      the cross-encoder's model folder (e.g. a bundle's {@code cross-encoder/}), as the driver sees it
     * @param items      the catalog (item_id, title, category)
     * @param pairs      the pairs to score (item_id, keyphrase)
     * @param out        Parquet folder to write (must not exist)
     * @param rejected   Parquet folder for rejected pairs and items (must not exist)
     */
    public record Settings(String model, String items, ItemCatalog.Format itemsFormat, String pairs, ItemCatalog.Format pairsFormat,
                           String out, String rejected, int batchSize, Integer partitions) {
        public Settings {
            if (batchSize < 1 || (partitions != null && partitions < 1)) {
                throw new IllegalArgumentException("batch size and partitions must be >= 1, got " + batchSize + " and " + partitions);
            }
        }

        public static Settings of(String model, String items, String pairs, String out) {
            return new Settings(model, items, ItemCatalog.Format.of(null, items), pairs, ItemCatalog.Format.of(null, pairs), out,
                    out + "-rejected", Batches.CROSS_ENCODER, null);
        }
    }

    /** Pairs scored, rows rejected (items and pairs), rows written. */
    public record Summary(long pairs, long rejected, long rows) {}

    private ScoreJob() {
    }

    public static Summary run(SparkSession spark, Settings s) {
        ItemCatalog.Split items = ItemCatalog.split(
                ItemCatalog.read(spark, s.items(), s.itemsFormat(), ItemCatalog.ITEM_COLUMNS, List.of("category")),
                ItemCatalog.ITEM_COLUMNS, List.of("category"));
        ItemCatalog.Split pairs = ItemCatalog.split(ItemCatalog.read(spark, s.pairs(), s.pairsFormat(), PAIR_COLUMNS, List.of()),
                PAIR_COLUMNS, List.of());
        Dataset<Row> joined = pairs.valid().join(items.valid().withColumnRenamed("item_id", "_item"),
                col("item_id").equalTo(col("_item")), "left");
        Dataset<Row> known = joined.filter(col("_item").isNotNull()).select(col("item_id"), col("title"), col("category"), col("keyphrase"));
        Dataset<Row> unknown = joined.filter(col("_item").isNull()).select(lit(s.pairs()).as("source"),
                concat_ws("\t", col("item_id"), col("keyphrase")).as("record"), lit("unknown item id").as("reason"));
        if (s.partitions() != null) {
            known = known.repartition(s.partitions());
        }
        items.rejected().union(pairs.rejected()).union(unknown).write().parquet(s.rejected());
        score(known, s.model(), s.batchSize()).write().parquet(s.out());
        return new Summary(known.count(), spark.read().parquet(s.rejected()).count(), spark.read().parquet(s.out()).count());
    }

    /** Scores (item_id, title, category, keyphrase) rows as rows of {@link #OUTPUT}. */
    public static Dataset<Row> score(Dataset<Row> pairs, String model, int batchSize) {
        return pairs.mapPartitions(new ScorePartition(model, batchSize), Encoders.row(OUTPUT));
    }
}
