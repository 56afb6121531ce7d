package org.distill4ads.retrieval;

import java.util.List;

/**
 * Top-k over int8 scalar-quantized rows with a float re-rank: a quarter of the float store's bytes
 * are scanned, then the best {@code rerank · k} candidates are re-scored exactly from the float
 * rows, so results carry exact scores and almost always exact order.
 *
 * <p>Each row is quantized with its own scale, {@code s = max |x| / 127}, {@code q = round(x / s)};
 * the query likewise. The scan accumulates {@code q_query · q_row} in an int and multiplies by both
 * scales and the row's prefix factor (see {@link EmbeddingStore}).
 *
 * <p>Thread safety: immutable after construction, so any number of threads may search at once with
 * the results of one thread. The rows are quantized when it is built: rows added to the store
 * later are not searched; build a new index.
 */
public final class Int8Index implements Index {
    private final EmbeddingStore store;
    private final byte[] codes;
    private final float[] scales;
    private final int rerank;

    /** {@code rerank}: how many candidates per requested result are re-scored in float (e.g. 4). */
    public Int8Index(EmbeddingStore store, int rerank) {
        if (rerank < 1) {
            throw new IllegalArgumentException("re-rank factor must be at least 1, got " + rerank);
        }
        this.store = store;
        this.rerank = rerank;
        int n = store.size();
        int d = store.dim();
        this.codes = new byte[n * d];
        this.scales = new float[n];
        float[] data = store.data();
        for (int i = 0; i < n; i++) {
            scales[i] = quantize(data, i * d, d, codes, i * d);
        }
    }

    static float quantize(float[] src, int off, int n, byte[] dst, int dstOff) {
        float max = 0;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, Math.abs(src[off + j]));
        }
        float scale = max == 0 ? 1f : max / 127f;
        for (int j = 0; j < n; j++) {
            dst[dstOff + j] = (byte) Math.round(src[off + j] / scale);
        }
        return scale;
    }

    @Override
    public List<Hit> search(float[] query, int k, int dim) {
        store.checkDim(dim);
        float[] fq = Queries.normalizePrefix(query, dim);
        byte[] q = new byte[dim];
        quantize(fq, 0, dim, q, 0);
        float[] prefix = store.prefixScale(dim);
        int stride = store.dim();
        int n = store.size();
        int want = Math.min(n, Math.max(k, k * rerank));
        TopK top = new TopK(Math.max(1, want));
        for (int i = 0; i < n; i++) {
            top.offer(dot(q, codes, i * stride, dim) * scales[i] * prefix[i], i);
        }
        // exact float re-score of the candidates
        TopK best = new TopK(Math.min(k, Math.max(1, n)));
        float[] data = store.data();
        for (Hit h : top.drain()) {
            best.offer(ExactIndex.dot(fq, data, h.id() * stride, dim) * prefix[h.id()], h.id());
        }
        return n == 0 ? List.of() : best.drain();
    }

    /** Integer dot product with four independent accumulators (see ExactIndex.dot). */
    static int dot(byte[] q, byte[] codes, int off, int n) {
        int a0 = 0;
        int a1 = 0;
        int a2 = 0;
        int a3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            a0 += q[j] * codes[off + j];
            a1 += q[j + 1] * codes[off + j + 1];
            a2 += q[j + 2] * codes[off + j + 2];
            a3 += q[j + 3] * codes[off + j + 3];
        }
        for (; j < n; j++) {
            a0 += q[j] * codes[off + j];
        }
        return (a0 + a1) + (a2 + a3);
    }

    @Override
    public int size() {
        return store.size();
    }
}
