package org.distill4ads.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.retrieval.ExactIndex;
import org.distill4ads.retrieval.Hit;
import org.distill4ads.retrieval.Int8Index;
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

/** int8 scan with float re-rank of 4k candidates, top-10, one query (split over the cores); compare with ExactSearchBenchmark. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx8g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class Int8SearchBenchmark {
    @Param({"1000000"})
    int rows;

    @Param({"384", "128", "64"})
    int dim;

    Int8Index index;
    float[][] queries;
    int next;

    @Setup(Level.Trial)
    public void build() {
        SplittableRandom r = new SplittableRandom(1);
        EmbeddingStore store = new EmbeddingStore(dim);
        float[] v = new float[dim];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                v[j] = (float) r.nextGaussian();
            }
            store.add("kp" + i, v);
        }
        queries = new float[256][dim];
        for (float[] q : queries) {
            for (int j = 0; j < dim; j++) {
                q[j] = (float) r.nextGaussian();
            }
        }
        index = new Int8Index(store, 4);
        float[][] sample = java.util.Arrays.copyOf(queries, 32);
        try (ExactIndex exact = new ExactIndex(store)) {
            System.out.printf("%nours int8 %d x %d, re-rank 4 x 10: recall@10 %.4f against the float scan (%d queries)%n",
                    rows, dim, Recall.atK(exact, index, sample, 10, dim), sample.length);
        }
    }

    @Benchmark
    public List<Hit> singleQueryTop10() {
        return index.search(queries[next++ & 255], 10, dim);
    }
}
