package org.distill4ads.distill.eval;

/**
 * Inference batch sizes shared by the evaluation, the pipeline's stages and the commands. They
 * bound memory; a model scores each text or pair on its own, but a batch is padded to its longest
 * member, so another batch size can change the last bits of a float (and so a run's figures).
 */
public final class Batches {
    /** (item, keyphrase) pairs per cross-encoder call when scoring many pairs (teacher scores, filter). */
    public static final int CROSS_ENCODER = 256;
    /** Texts per bi-encoder call when embedding many texts (keyphrase indexes, agreement pairs). */
    public static final int ENCODE = 256;
    /** Held-out items recommended at once by the evaluation protocol. */
    public static final int RECOMMEND = 64;
    /** Clicked training pairs, at most, scored to calibrate the relevance filter's threshold. */
    public static final int CALIBRATION_PAIRS = 4000;

    private Batches() {
    }
}
