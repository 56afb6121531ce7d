package org.distill4ads.transformer;

import java.util.List;

/**
 * Turns texts into L2-normalized embedding rows: what retrieval needs from a bi-encoder.
 *
 * <p>{@code dim} selects a Matryoshka prefix: the first {@code dim} components, re-normalized.
 * {@code dim} must be one of the sizes the model supports, at most {@link #dimension()}.
 */
public interface TextEmbedder {
    /** The full embedding width. */
    int dimension();

    /** One unit-length row of length {@code dim} per text, in input order. */
    float[][] embed(List<String> texts, int dim);

    /**
     * The fingerprint of the model behind this embedder, which embedding stores record; null when
     * unknown (then no store can be checked against it).
     */
    default ModelFingerprint fingerprint() {
        return null;
    }
}
