package org.distill4ads.distill.cli;

import org.apache.spark.sql.SparkSession;
import org.distill4ads.distill.spark.ItemCatalog;
import org.distill4ads.distill.spark.ScoreJob;
import org.distill4ads.distill.spark.SparkRuns;

/** The Spark half of {@link SparkScoreCommand}, loaded only once Spark is known to be there. */
final class SparkScoreRun {
    private SparkScoreRun() {
    }

    static int run(SparkScoreCommand c) {
        String rejected = c.out + "-rejected";
        ScoreJob.Settings s = new ScoreJob.Settings(c.model, c.items, ItemCatalog.Format.of(null, c.items), c.pairs,
                ItemCatalog.Format.of(null, c.pairs), c.out, rejected, c.batch, c.partitions);
        SparkRuns.requireNew(c.out, "the scores");
        SparkRuns.requireNew(rejected, "the rejected rows");
        try (SparkRuns.Session session = SparkRuns.session(c.master, "distill4ads spark-score")) {
            SparkSession spark = session.spark();
            ScoreJob.Summary r = ScoreJob.run(spark, s);
            System.out.printf("%d pairs scored, %d rows rejected (%s), %d rows written to %s%n", r.pairs(), r.rejected(), rejected,
                    r.rows(), c.out);
            return 0;
        }
    }
}
