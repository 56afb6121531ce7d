package org.distill4ads.distill.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for every Spark test in this JVM (starting one takes ~10 s): two task
 * threads, and up to three attempts per task ({@code local[2,3]}; plain {@code local[2]} gives a
 * task one attempt, so a retry could not be tested). Never stopped: the JVM's exit ends it.
 */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            SparkConf conf = Nd4jExecutorSettings.defaults(new SparkConf())
                    .setMaster("local[2,3]")
                    .setAppName("distill4ads-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.sql.shuffle.partitions", "4")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
            session = SparkSession.builder().config(conf).getOrCreate();
        }
        return session;
    }
}
