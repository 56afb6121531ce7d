package org.distill4ads.transformer.model;

import java.util.Arrays;
import org.distill4ads.nn.Tensor;

/**
 * Nested embedding sizes (Kusupati et al., "Matryoshka Representation Learning", 2022): the first
 * {@code d} components of an embedding, re-normalized, are an embedding of their own for every
 * configured {@code d}. Sizes are strictly decreasing, largest (the full width) first.
 */
public record MatryoshkaEmbedding(int[] dims) {
    public MatryoshkaEmbedding {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("Matryoshka dims must not be empty");
        }
        dims = dims.clone();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("Matryoshka dim " + dims[i] + " at position " + i + " must be positive");
            }
            if (i > 0 && dims[i] >= dims[i - 1]) {
                throw new IllegalArgumentException("Matryoshka dims must be strictly decreasing, largest first: "
                        + dims[i] + " follows " + dims[i - 1] + " in " + Arrays.toString(dims));
            }
        }
    }

    /** Checks the sizes against a model width; the largest may not exceed it. */
    public MatryoshkaEmbedding validateFor(int width) {
        if (dims[0] > width) {
            throw new IllegalArgumentException("Matryoshka dim " + dims[0] + " exceeds the embedding width " + width);
        }
        return this;
    }

    public int largest() {
        return dims[0];
    }

    public boolean supports(int dim) {
        return Arrays.stream(dims).anyMatch(d -> d == dim);
    }

    /** The first {@code dim} components of each row of [B, D], L2-normalized: [B, dim]. */
    public static Tensor truncate(Tensor embeddings, int dim) {
        long width = embeddings.size(-1);
        if (dim <= 0 || dim > width) {
            throw new IllegalArgumentException("Matryoshka dim " + dim + " must be in [1, " + width + "]");
        }
        Tensor prefix = dim == width ? embeddings : embeddings.slice(-1, 0, dim);
        return prefix.l2Normalize(1e-12);
    }

    /** The same on plain rows: a new array of length {@code dim} per row, unit length. */
    public static float[][] truncate(float[][] rows, int dim) {
        float[][] out = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            if (dim <= 0 || dim > rows[r].length) {
                throw new IllegalArgumentException("Matryoshka dim " + dim + " must be in [1, " + rows[r].length + "]");
            }
            float[] v = Arrays.copyOf(rows[r], dim);
            double n = 0;
            for (float x : v) {
                n += (double) x * x;
            }
            double inv = 1.0 / Math.max(Math.sqrt(n), 1e-12);
            for (int i = 0; i < dim; i++) {
                v[i] = (float) (v[i] * inv);
            }
            out[r] = v;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MatryoshkaEmbedding m && Arrays.equals(dims, m.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return "MatryoshkaEmbedding" + Arrays.toString(dims);
    }
}
