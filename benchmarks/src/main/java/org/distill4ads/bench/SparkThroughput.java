package org.distill4ads.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.distill.spark.RecommendJob;
import org.distill4ads.nn.NativeThreads;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput of catalog recommendation, items per second per core: the single-JVM recommender
 * ({@code recommendCatalog}, batches of 64) on one and on two ND4J threads, then
 * {@link RecommendJob} on a {@code local[2]} session (one ND4J thread per task), on the same
 * catalog and bundle, k 10 of 50 candidates. Not JMH: each run is seconds long and the Spark side
 * includes its scheduling, reading and Parquet writing, which is what a user pays. Each
 * configuration runs {@code reps} times after one warm-up run; the best and the median are printed.
 * The job must write as many rows as the single JVM kept, or the run stops.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar:$(cat distill/target/spark-classpath.txt) [JDK flags, docs/spark.md] \
 *     org.distill4ads.bench.SparkThroughput BUNDLE ITEMS.tsv WORK_DIR [REPS]</pre>
 */
public final class SparkThroughput {
    private SparkThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path bundleDir = Path.of(args[0]);
        Path itemsFile = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<Item> items = DataFiles.readItems(itemsFile);
        List<String> texts = items.stream().map(Item::text).toList();
        System.out.printf(Locale.ROOT, "catalog %s: %d items; cores %d; %s%n", itemsFile, items.size(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        long keptRows = -1;
        try (ServingBundle bundle = ServingBundle.load(bundleDir)) {
            KeyphraseRecommender r = bundle.recommender(10, 50);
            for (int threads : new int[] {1, 2}) {
                setThreads(threads);
                double[] s = new double[reps];
                for (int i = -1; i < reps; i++) {
                    long t0 = System.nanoTime();
                    long[] n = {0};
                    r.recommendCatalog(texts.iterator(), 64, rec -> n[0] += rec.kept().size(), done -> { });
                    double sec = (System.nanoTime() - t0) / 1e9;
                    if (i >= 0) {
                        s[i] = sec;
                    }
                    keptRows = n[0];
                }
                report("single JVM, ND4J threads " + threads, items.size(), threads, s);
            }
        }
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("spark-throughput").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            double[] s = new double[reps];
            for (int i = -1; i < reps; i++) {
                String out = work.resolve("recs-" + (i + 1)).toString();
                RecommendJob.Settings d = RecommendJob.Settings.of(bundleDir, itemsFile.toString(), out, 10, 50);
                RecommendJob.Settings settings = new RecommendJob.Settings(d.bundle(), d.items(), d.format(), d.out(), d.rejected(), 10, 50,
                        null, false, 64, 8);
                long t0 = System.nanoTime();
                RecommendJob.Summary sum = RecommendJob.run(spark, settings);
                double sec = (System.nanoTime() - t0) / 1e9;
                if (i >= 0) {
                    s[i] = sec;
                }
                if (sum.items() != items.size() || sum.rows() != keptRows) {
                    throw new IllegalStateException("the job read " + sum.items() + " items and wrote " + sum.rows()
                            + " rows, expected " + items.size() + " and the single JVM's " + keptRows);
                }
            }
            report("Spark local[2], 8 partitions (read, recommend, write Parquet, count)", items.size(), 2, s);
        } finally {
            spark.stop();
        }
    }

    private static void setThreads(int n) {
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        NativeThreads.setOmpNumThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }

    private static void report(String what, int items, int cores, double[] seconds) {
        double[] s = seconds.clone();
        java.util.Arrays.sort(s);
        double best = s[0];
        double median = s[s.length / 2];
        System.out.printf(Locale.ROOT, "%-70s best %6.2f s  median %6.2f s  %7.0f items/s  %6.0f items/s per core%n", what, best, median,
                items / median, items / median / cores);
    }
}
