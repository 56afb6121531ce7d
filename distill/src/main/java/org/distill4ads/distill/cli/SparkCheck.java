package org.distill4ads.distill.cli;

/** The spark-* subcommands need Spark, which distill has in provided scope: say how to get it when it is missing. */
final class SparkCheck {
    private SparkCheck() {
    }

    static void requireSpark(String command) {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkCheck.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("`" + command + "` needs Apache Spark on the classpath, which distill4ads.jar does not"
                    + " ship: run it with ./distill4ads (it adds the Spark jars the build resolved) or with spark-submit (docs/spark.md)");
        }
    }
}
