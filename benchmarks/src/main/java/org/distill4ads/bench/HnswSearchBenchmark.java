package org.distill4ads.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * HNSW top-10 queries per second, one query thread, at each {@code ef}. With {@code -p data=DIR}
 * (benchmarks/peers/retrieval_data.py's files, the same hnswlib_graph.py reads) it loads the graph
 * HnswBuild saved there (or builds and saves it) and prints recall@10 against the exact truth;
 * without, it builds on its own text-like data (16 latent dimensions projected to 128 plus noise).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx8g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class HnswSearchBenchmark {
    @Param({""})
    String data;

    @Param({"100000"})
    int rows;

    @Param({"32", "64"})
    int ef;

    HnswIndex index;
    float[][] queries;
    int next;

    static Path graphFile(Path dir) {
        return dir.resolve("ours-M16-efC200.hnsw");
    }

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
    public void build() throws IOException {
        if (!data.isEmpty()) {
            Path dir = Path.of(data);
            PeerData d = PeerData.read(dir);
            Path file = graphFile(dir);
            if (Files.exists(file)) {
                index = HnswIndex.load(file, d.store());
            } else {
                index = new HnswIndex(d.store(), d.store().dim(), 16, 200, 64, 42);
                index.save(file);
            }
            queries = d.queries();
            List<int[]> found = new ArrayList<>();
            for (float[] q : queries) {
                found.add(index.search(q, 10, index.dim(), ef).stream().mapToInt(Hit::id).toArray());
            }
            System.out.printf("%nours HNSW %s, M=16, efConstruction=200, ef=%d: recall@10 %.4f%n", dir, ef, d.recall(found));
            return;
        }
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
        float[] q = queries[next];
        next = next + 1 == queries.length ? 0 : next + 1;
        return index.search(q, 10, index.dim(), ef);
    }
}
