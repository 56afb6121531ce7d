package org.distill4ads.retrieval;

/** Query checks and normalization shared by the indexes. */
final class Queries {
    private Queries() {}

    /** Writes query[0, dim) scaled to unit length into {@code out}; rejects short, zero or non-finite queries. */
    static float[] normalizePrefix(float[] query, int dim, float[] out) {
        if (query.length < dim) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, fewer than the requested " + dim);
        }
        double n = 0;
        for (int j = 0; j < dim; j++) {
            n += (double) query[j] * query[j];
        }
        if (!(n > 0) || Double.isInfinite(n) || Double.isNaN(n)) {
            throw new IllegalArgumentException("query norm must be finite and non-zero, got " + Math.sqrt(n));
        }
        float inv = (float) (1.0 / Math.sqrt(n));
        for (int j = 0; j < dim; j++) {
            out[j] = query[j] * inv;
        }
        return out;
    }

    static float[] normalizePrefix(float[] query, int dim) {
        return normalizePrefix(query, dim, new float[dim]);
    }
}
