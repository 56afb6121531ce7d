package org.distill4ads.distill.spark;

import java.io.File;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkFiles;

/**
 * Where an executor finds a bundle's model folders. The driver reads the bundle at its own path;
 * an executor looks first for a file Spark shipped under the bundle folder's name
 * ({@code spark-submit --archives bundle.zip#bundle}, unpacked into {@link SparkFiles}), then at the
 * same path (a local master, or a folder every node mounts). Serializable: it travels in the task.
 */
record BundleOnExecutors(String path) implements Serializable {
    /** The bundle folder as this JVM sees it; an error naming both places when neither holds it. */
    Path resolve() {
        String name = Path.of(path).getFileName().toString();
        try {
            File shipped = new File(SparkFiles.get(name));
            if (shipped.isDirectory()) {
                return shipped.toPath();
            }
        } catch (RuntimeException noSparkEnv) {
            // not inside Spark (a direct call): only the path itself
        }
        Path p = Path.of(path);
        if (Files.isDirectory(p)) {
            return p;
        }
        throw new IllegalStateException("the bundle " + path + " is not on this executor: ship it with spark-submit"
                + " --archives bundle.zip#" + name + " or put it on a folder every node mounts (docs/spark.md)");
    }
}
