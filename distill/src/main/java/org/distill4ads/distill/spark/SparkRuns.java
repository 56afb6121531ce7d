package org.distill4ads.distill.spark;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starting a job from the command line: the session (the given master, or the one spark-submit
 * set), with the executor settings of {@link Nd4jExecutorSettings}, and the checks made before any
 * work (an output that already exists is refused, not overwritten).
 */
public final class SparkRuns {
    private SparkRuns() {
    }

    /** A session the command started (stopped on close), or one already running in this JVM (left running). */
    public record Session(SparkSession spark, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                spark.stop();
            }
        }
    }

    /**
     * A session on {@code master} (null: spark-submit's {@code spark.master}), ND4J's executor settings
     * filled in; an application that already runs a session in this JVM gets that one.
     */
    public static Session session(String master, String appName) {
        if (SparkSession.getDefaultSession().isDefined()) {
            return new Session(SparkSession.getDefaultSession().get(), false);
        }
        SparkConf conf = Nd4jExecutorSettings.defaults(new SparkConf());
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("no Spark master: give --master (e.g. local[2]) or start the job with spark-submit");
        }
        conf.setIfMissing("spark.app.name", appName);
        return new Session(SparkSession.builder().config(conf).getOrCreate(), true);
    }

    /** Refuses an output folder that exists (local paths; on other file systems Spark itself refuses). */
    public static void requireNew(String out, String what) {
        URI u = URI.create(out.replace(" ", "%20"));
        if (u.getScheme() == null || u.getScheme().equals("file")) {
            Path p = u.getScheme() == null ? Path.of(out) : Path.of(u);
            if (Files.exists(p)) {
                throw new IllegalArgumentException("refusing to write " + what + " to " + out + ": it exists; give a new folder");
            }
        }
    }
}
