package org.distill4ads.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distill4ads.retrieval.EmbeddingStore;

/** The files benchmarks/peers/retrieval_data.py writes, read the way hnswlib_graph.py reads them. */
record PeerData(EmbeddingStore store, float[][] queries, int[][] truth) {
    static PeerData read(Path dir) throws IOException {
        String[] meta = Files.readString(dir.resolve("meta.txt")).trim().split("\\s+");
        int n = Integer.parseInt(meta[0]);
        int dim = Integer.parseInt(meta[1]);
        int nq = Integer.parseInt(meta[2]);
        float[][] base = floats(dir.resolve("xb.f32"), n, dim);
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            texts.add("kp" + i);
        }
        float[][] queries = floats(dir.resolve("xq.f32"), nq, dim);
        ByteBuffer t = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("truth.i32"))).order(ByteOrder.LITTLE_ENDIAN);
        int k = t.remaining() / 4 / nq;
        int[][] truth = new int[nq][k];
        for (int[] row : truth) {
            t.asIntBuffer().get(row);
            t.position(t.position() + 4 * k);
        }
        return new PeerData(EmbeddingStore.of(texts, base), queries, truth);
    }

    private static float[][] floats(Path file, int rows, int dim) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() != 4L * rows * dim) {
            throw new IOException(file + ": " + b.remaining() + " bytes, expected " + 4L * rows * dim + " for " + rows + " x " + dim);
        }
        float[][] out = new float[rows][dim];
        for (float[] row : out) {
            b.asFloatBuffer().get(row);
            b.position(b.position() + 4 * dim);
        }
        return out;
    }

    /** recall@10 of {@code found} (one id list per query) against the exact truth. */
    double recall(List<int[]> found) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            java.util.Set<Integer> want = new java.util.HashSet<>();
            for (int id : truth[i]) {
                want.add(id);
            }
            int hit = 0;
            for (int id : found.get(i)) {
                hit += want.contains(id) ? 1 : 0;
            }
            sum += hit / (double) truth[i].length;
        }
        return sum / truth.length;
    }
}
