package org.distill4ads.distill.cli;

import org.apache.spark.sql.SparkSession;
import org.distill4ads.distill.spark.ItemCatalog;
import org.distill4ads.distill.spark.RecommendJob;
import org.distill4ads.distill.spark.SparkRuns;

/** The Spark half of {@link SparkRecommendCommand}, loaded only once Spark is known to be there. */
final class SparkRecommendRun {
    private SparkRecommendRun() {
    }

    static int run(SparkRecommendCommand c) throws Exception {
        String rejected = c.rejected != null ? c.rejected : c.out + "-rejected";
        RecommendJob.Settings s = new RecommendJob.Settings(c.bundle, c.items, ItemCatalog.Format.of(c.format, c.items), c.out,
                rejected, c.k, c.candidates, c.dim, c.withDropped, c.batch, c.partitions);
        SparkRuns.requireNew(c.out, "the recommendations");
        SparkRuns.requireNew(rejected, "the rejected rows");
        try (SparkRuns.Session session = SparkRuns.session(c.master, "distill4ads spark-recommend")) {
            SparkSession spark = session.spark();
            RecommendJob.Summary r = RecommendJob.run(spark, s);
            System.out.printf("%d items read, %d rows rejected (%s), %d rows written to %s; keyphrase index broadcast: %d bytes%n",
                    r.items(), r.rejected(), rejected, r.rows(), c.out, r.indexBytes());
            return 0;
        }
    }
}
