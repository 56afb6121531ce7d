package org.distill4ads.distill.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.distill4ads.distill.eval.Batches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code distill4ads spark-recommend}: keyphrases for every item of a catalog on Apache Spark, with
 * an exported bundle (docs/spark.md). Only this class's {@link #call} touches Spark, so the rest of
 * the command line works without Spark on the classpath.
 */
@Command(name = "spark-recommend", mixinStandardHelpOptions = true,
        description = {"Recommend keyphrases for every item of a catalog on Apache Spark with an exported bundle: embed each"
                + " partition's items with the student (loaded once per executor task slot), retrieve from the keyphrase index"
                + " (broadcast), drop duplicates and what the cross-encoder filters, keep the best k; write Parquet.",
                "Rows that cannot be read are written with their reason to OUT-rejected and counted. Needs Spark on the classpath"
                        + " (./distill4ads adds it; or spark-submit, docs/spark.md)."})
final class SparkRecommendCommand implements Callable<Integer> {
    @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[2] (default: the one spark-submit gives)")
    String master;

    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "a folder made by `distill4ads export`")
    Path bundle;

    @Option(names = "--items", required = true, paramLabel = "PATH", description = "the catalog: item_id, title, category (file or folder)")
    String items;

    @Option(names = "--format", paramLabel = "F", description = "parquet, csv, tsv or jsonl (default: from the extension of --items)")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Parquet folder to write (must not exist)")
    String out;

    @Option(names = "--rejected", paramLabel = "DIR", description = "Parquet folder for rejected rows (default: OUT-rejected)")
    String rejected;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "keyphrases kept per item (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "50",
            description = "keyphrases retrieved per item before de-duplication and filtering (default: ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--dim", paramLabel = "D", description = "Matryoshka size to search at (default: the student's full width)")
    Integer dim;

    @Option(names = "--with-dropped", description = "also write each dropped candidate with its reason (duplicate or filtered)")
    boolean withDropped;

    @Option(names = "--batch", paramLabel = "N", description = "items embedded and filtered together (default: " + Batches.RECOMMEND + ")")
    int batch = Batches.RECOMMEND;

    @Option(names = "--partitions", paramLabel = "N", description = "repartition the catalog into N partitions first (default: as read)")
    Integer partitions;

    @Override
    public Integer call() throws Exception {
        SparkCheck.requireSpark("spark-recommend");
        return SparkRecommendRun.run(this);
    }
}
