package org.distill4ads.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.retrieval.ExactIndex;
import org.distill4ads.retrieval.Hit;
import org.distill4ads.retrieval.HnswIndex;
import org.distill4ads.retrieval.Recall;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HNSW top-10 queries per second on text-like data (16 latent dimensions projected to 128 plus
 * noise, as hnswlib_anchor.py); the set-up prints the build time and the recall@10 it reaches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx8g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class HnswSearchBenchmark {
    @Param({"100000"})
    int rows;

    @Param({"32", "64"})
    int ef;

    HnswIndex index;
    float[][] queries;
    int next;

    static float[][] data(int n, SplittableRandom r, double[][] proj) {
        float[][] out = new float[n][128];
        for (float[] v : out) {
            double[] z = new double[16];
            for (int i = 0; i < 16; i++) {
                z[i] = r.nextGaussian();
            }
            for (int j = 0; j < 128; j++) {
                double s = 0;
                for (int i = 0; i < 16; i++) {
                    s += z[i] * proj[i][j];
                }
                v[j] = (float) (s + 0.05 * r.nextGaussian());
            }
        }
        return out;
    }

    @Setup(Level.Trial)
    public void build() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] proj = new double[16][128];
        for (double[] row : proj) {
            for (int j = 0; j < 128; j++) {
                row[j] = r.nextGaussian();
            }
        }
        EmbeddingStore store = new EmbeddingStore(128);
        for (float[] v : data(rows, r, proj)) {
            store.add("kp", v);
        }
        queries = data(256, r, proj);
        long t0 = System.nanoTime();
        index = new HnswIndex(store, 128, 16, 200, ef, 42);
        double build = (System.nanoTime() - t0) / 1e9;
        try (ExactIndex exact = new ExactIndex(store)) {
            System.out.printf("%nHNSW %d x 128, M=16, efConstruction=200, ef=%d: build %.1f s, recall@10 %.4f%n",
                    rows, ef, build, Recall.atK(exact, index, queries, 10, 128));
        }
    }

    @Benchmark
    public List<Hit> queryTop10() {
        return index.search(queries[next++ & 255], 10, 128);
    }
}
