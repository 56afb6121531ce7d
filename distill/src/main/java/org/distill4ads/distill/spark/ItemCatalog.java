package org.distill4ads.distill.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a table of records (a catalog of items, or pairs) from Parquet, CSV, TSV or JSON lines,
 * every column as text, and splits it into the rows a job can use and the rows it cannot, each with
 * its reason: a malformed line, a required column null or blank, a text over the length limit.
 * Nothing is dropped silently: the job writes the rejected rows beside its output and counts them.
 *
 * <p>TSV is the project's own format (docs/formats.md): a header line, tab-separated, no quoting.
 * CSV is RFC 4180 with a header. JSON lines holds one object a line.
 */
public final class ItemCatalog {
    /** The columns of an items table (docs/formats.md), category optional. */
    public static final List<String> ITEM_COLUMNS = List.of("item_id", "title", "category");
    /** The longest text a column may hold, as in the project's own files. */
    public static final int MAX_TEXT = 65_536;
    static final String CORRUPT = "_corrupt_record";

    public enum Format {
        PARQUET, CSV, TSV, JSONL;

        /** The format named ({@code parquet|csv|tsv|jsonl}), or guessed from the path's extension when null. */
        public static Format of(String given, String path) {
            String name = (given != null ? given : extension(path)).toLowerCase(Locale.ROOT);
            return switch (name) {
                case "parquet" -> PARQUET;
                case "csv" -> CSV;
                case "tsv" -> TSV;
                case "jsonl", "json" -> JSONL;
                default -> throw new IllegalArgumentException((given != null ? "format \"" + given + "\""
                        : "the extension of " + path + " (\"" + name + "\")") + " is not a table format, expected one of parquet, csv, tsv, jsonl");
            };
        }

        private static String extension(String path) {
            String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            int dot = p.lastIndexOf('.');
            return dot < 0 || dot < p.lastIndexOf('/') ? "(none)" : p.substring(dot + 1);
        }
    }

    /** The usable rows (the columns, null optional ones as "") and the rejected ones (source, record, reason). */
    public record Split(Dataset<Row> valid, Dataset<Row> rejected) {}

    /** The schema of rejected rows: the file, the record as read, and why it was rejected. */
    public static final StructType REJECTED = new StructType(new StructField[] {
            DataTypes.createStructField("source", DataTypes.StringType, false),
            DataTypes.createStructField("record", DataTypes.StringType, true),
            DataTypes.createStructField("reason", DataTypes.StringType, false)});

    private ItemCatalog() {
    }

    /**
     * Reads {@code path} with the given {@code columns} (all text) plus the malformed-record column
     * where the format has one; a Parquet file missing a required column is an error naming both.
     */
    public static Dataset<Row> read(SparkSession spark, String path, Format format, List<String> columns, List<String> optional) {
        StructType schema = new StructType();
        for (String c : columns) {
            schema = schema.add(c, DataTypes.StringType, true);
        }
        Dataset<Row> raw;
        if (format == Format.PARQUET) {
            Dataset<Row> p = spark.read().parquet(path);
            List<String> have = Arrays.asList(p.columns());
            Column[] select = new Column[columns.size() + 1];
            for (int i = 0; i < columns.size(); i++) {
                String c = columns.get(i);
                if (!have.contains(c) && !optional.contains(c)) {
                    throw new IllegalArgumentException(path + ": has no column \"" + c + "\" (it has " + have
                            + "), expected the columns " + columns);
                }
                select[i] = have.contains(c) ? col(c).cast(DataTypes.StringType).as(c) : lit(null).cast(DataTypes.StringType).as(c);
            }
            select[columns.size()] = lit(null).cast(DataTypes.StringType).as(CORRUPT);
            raw = p.select(select);
        } else {
            StructType withCorrupt = schema.add(CORRUPT, DataTypes.StringType, true);
            DataFrameReader r = spark.read().schema(withCorrupt).option("mode", "PERMISSIVE")
                    .option("columnNameOfCorruptRecord", CORRUPT);
            raw = switch (format) {
                case JSONL -> r.json(path);
                case CSV -> r.option("header", "true").option("enforceSchema", "false").csv(path);
                case TSV -> r.option("header", "true").option("enforceSchema", "false").option("sep", "\t")
                        .option("quote", "").option("escape", "").csv(path);
                default -> throw new AssertionError(format);
            };
        }
        return raw.withColumn("_source", input_file_name());
    }

    /** Splits {@code raw} (from {@link #read}): a row is rejected for the first problem found, in column order. */
    public static Split split(Dataset<Row> raw, List<String> columns, List<String> optional) {
        Column reason = when(col(CORRUPT).isNotNull(), lit("malformed record"));
        for (String c : columns) {
            if (!optional.contains(c)) {
                reason = reason.when(col(c).isNull().or(trim(col(c)).equalTo("")), lit("column \"" + c + "\" is empty"));
            }
            reason = reason.when(length(col(c)).gt(MAX_TEXT),
                    lit("column \"" + c + "\" holds more than " + MAX_TEXT + " characters"));
        }
        Dataset<Row> checked = raw.withColumn("_reason", reason);
        Column[] keep = new Column[columns.size()];
        Column[] shown = new Column[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i);
            keep[i] = optional.contains(c) ? coalesce(col(c), lit("")).as(c) : col(c);
            shown[i] = coalesce(col(c), lit(""));
        }
        Dataset<Row> valid = checked.filter(col("_reason").isNull()).select(keep);
        Dataset<Row> rejected = checked.filter(col("_reason").isNotNull()).select(col("_source").as("source"),
                coalesce(col(CORRUPT), concat_ws("\t", shown)).as("record"), col("_reason").as("reason"));
        return new Split(valid, rejected);
    }
}
