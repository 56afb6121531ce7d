package org.distill4ads.transformer;

import java.util.List;

/**
 * Scores text pairs for relevance: what the relevance filter needs from a cross-encoder.
 *
 * <p>Scores are probabilities in [0, 1] (the sigmoid of the model's logit); higher means more
 * relevant. Pair {@code i} is ({@code firsts.get(i)}, {@code seconds.get(i)}), for keyphrase
 * recommendation (item text, keyphrase).
 */
public interface PairScorer {
    float[] score(List<String> firsts, List<String> seconds);
}
