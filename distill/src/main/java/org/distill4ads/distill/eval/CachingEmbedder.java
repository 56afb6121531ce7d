package org.distill4ads.distill.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.transformer.TextEmbedder;

/**
 * Remembers each text's full-width embedding and answers any Matryoshka size from it (the prefix,
 * re-normalized), so evaluating one model at several sizes encodes every text once. Not for
 * latency measurements.
 */
public final class CachingEmbedder implements TextEmbedder {
    private final TextEmbedder inner;
    private final Map<String, float[]> cache = new HashMap<>();

    public CachingEmbedder(TextEmbedder inner) {
        this.inner = inner;
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public synchronized float[][] embed(List<String> texts, int dim) {
        if (dim < 1 || dim > inner.dimension()) {
            throw new IllegalArgumentException("size " + dim + " outside 1.." + inner.dimension());
        }
        List<String> missing = new ArrayList<>();
        for (String t : texts) {
            if (!cache.containsKey(t) && !missing.contains(t)) {
                missing.add(t);
            }
        }
        for (int from = 0; from < missing.size(); from += 256) {
            List<String> batch = missing.subList(from, Math.min(missing.size(), from + 256));
            float[][] rows = inner.embed(batch, inner.dimension());
            for (int i = 0; i < rows.length; i++) {
                cache.put(batch.get(i), rows[i]);
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = prefix(cache.get(texts.get(i)), dim);
        }
        return out;
    }

    /** The first {@code dim} components, scaled to unit length. */
    static float[] prefix(float[] row, int dim) {
        float[] p = new float[dim];
        double norm = 0;
        for (int i = 0; i < dim; i++) {
            p[i] = row[i];
            norm += (double) row[i] * row[i];
        }
        float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-30)));
        for (int i = 0; i < dim; i++) {
            p[i] *= scale;
        }
        return p;
    }
}
