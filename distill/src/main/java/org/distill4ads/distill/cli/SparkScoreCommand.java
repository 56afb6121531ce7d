package org.distill4ads.distill.cli;

import java.util.concurrent.Callable;
import org.distill4ads.distill.eval.Batches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distill4ads spark-score}: the teacher-scores stage at scale, (item, keyphrase) pairs scored by a cross-encoder on Spark. */
@Command(name = "spark-score", mixinStandardHelpOptions = true,
        description = {"Score (item_id, keyphrase) pairs with a cross-encoder on Apache Spark (the teacher-scores stage at scale):"
                + " pairs joined with the catalog's titles, scored in batches on the executors, written as Parquet (item_id, keyphrase, score).",
                "Pairs that cannot be read or name an unknown item are written with their reason to OUT-rejected and counted."
                        + " Needs Spark on the classpath (./distill4ads adds it; or spark-submit, docs/spark.md)."})
final class SparkScoreCommand implements Callable<Integer> {
    @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[2] (default: the one spark-submit gives)")
    String master;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "the cross-encoder's model folder (a bundle's cross-encoder/, a run's assistant)")
    String model;

    @Option(names = "--items", required = true, paramLabel = "PATH", description = "the catalog: item_id, title, category")
    String items;

    @Option(names = "--pairs", required = true, paramLabel = "PATH", description = "the pairs: item_id, keyphrase")
    String pairs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Parquet folder to write (must not exist)")
    String out;

    @Option(names = "--batch", paramLabel = "N", description = "pairs scored together (default: " + Batches.CROSS_ENCODER + ")")
    int batch = Batches.CROSS_ENCODER;

    @Option(names = "--partitions", paramLabel = "N", description = "repartition the pairs into N partitions first (default: as joined)")
    Integer partitions;

    @Override
    public Integer call() throws Exception {
        SparkCheck.requireSpark("spark-score");
        return SparkScoreRun.run(this);
    }
}
