package org.distill4ads.bench;

import java.nio.file.Path;
import org.distill4ads.retrieval.HnswIndex;
import org.distill4ads.retrieval.kernel.Kernels;

/**
 * Times our HNSW build on the peers' data (M 16, efConstruction 200, as hnswlib_graph.py) on 1 and
 * on 2 threads, and saves the one-thread graph as DATADIR/ours-M16-efC200.hnsw for
 * HnswSearchBenchmark. Usage: java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * org.distill4ads.bench.HnswBuild DATADIR
 */
public final class HnswBuild {
    private HnswBuild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PeerData data = PeerData.read(dir);
        int n = data.store().size();
        int dim = data.store().dim();
        HnswIndex first = null;
        for (int threads : new int[] {1, 2}) {
            long t0 = System.nanoTime();
            HnswIndex index = new HnswIndex(data.store(), dim, 16, 200, 64, 42, threads);
            System.out.printf("ours build n=%d d=%d M=16 efC=200 threads=%d: %.2f s (kernel %s)%n",
                    n, dim, threads, (System.nanoTime() - t0) / 1e9, Kernels.get().name());
            if (first == null) {
                first = index;
            }
        }
        first.save(HnswSearchBenchmark.graphFile(dir));
    }
}
