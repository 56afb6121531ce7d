package org.distill4ads.transformer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Dropout;
import org.distill4ads.nn.module.Linear;
import org.distill4ads.nn.module.Module;
import org.distill4ads.transformer.PairScorer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The assistant: BERT over a text pair ({@code [CLS] item [SEP] keyphrase [SEP]}) and a linear
 * head on the pooled vector — [CLS] as in Hugging Face's {@code BertForSequenceClassification}, or
 * the mean over the tokens — giving one logit; its sigmoid is the probability that the pair is
 * relevant. Trained from scratch, mean pooling with {@link MimeticInit} learns token matching far
 * faster than [CLS] pooling (docs/transformer.md). Parameter names follow {@code BertForSequenceClassification} without the pooler:
 * {@code bert.*} and {@code classifier.weight/bias}.
 */
public final class CrossEncoder extends Module implements PairScorer {
    private final BertEncoder encoder;
    private final Dropout dropout;
    private final Linear classifier;
    private final TextTokenizer tokenizer;
    private final int maxLength;
    private final Pooling pooling;

    /** A scored candidate of {@link #rank}. */
    public record Ranked(String text, int index, float score) {}

    /** [CLS] pooling, as Hugging Face cross-encoders. */
    public CrossEncoder(BertEncoder encoder, TextTokenizer tokenizer, int maxLength, long seed) {
        this(encoder, tokenizer, maxLength, Pooling.CLS, seed);
    }

    public CrossEncoder(BertEncoder encoder, TextTokenizer tokenizer, int maxLength, Pooling pooling, long seed) {
        if (pooling == null) {
            throw new IllegalArgumentException("pooling must not be null");
        }
        this.pooling = pooling;
        if (maxLength < 3) {
            throw new IllegalArgumentException("max length must be at least 3 for a pair, got " + maxLength);
        }
        this.encoder = registerModule("bert", encoder);
        this.dropout = registerModule("dropout", new Dropout(encoder.config().hiddenDropout(), seed + 1));
        this.classifier = registerModule("classifier", new Linear(encoder.config().hidden(), 1, true,
                encoder.dataType(), encoder.config().initializerRange(), seed));
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /** Training-time logits [B] with a graph. */
    public Tensor logits(TokenBatch batch) {
        Tensor hidden = encoder.forward(batch.ids(), batch.typeIds(), batch.mask()); // [B, T, H]
        Tensor cls = pooling.pool(hidden, batch.mask());                             // [B, H]
        return classifier.forward(dropout.forward(cls)).reshape(batch.batchSize()); // [B]
    }

    public Tensor logits(List<String> firsts, List<String> seconds) {
        return logits(tokenizer.encodePairs(firsts, seconds, maxLength));
    }

    @Override
    public float[] score(List<String> firsts, List<String> seconds) {
        return predict(firsts, seconds, 64);
    }

    /** Probabilities in batches, without a graph. */
    public float[] predict(List<String> firsts, List<String> seconds, int batchSize) {
        if (firsts.size() != seconds.size()) {
            throw new IllegalArgumentException("pair lists differ in length: " + firsts.size() + " != " + seconds.size());
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        float[] out = new float[firsts.size()];
        boolean wasTraining = isTraining();
        eval();
        try {
            for (int from = 0; from < out.length; from += batchSize) {
                int to = Math.min(out.length, from + batchSize);
                try (Tape t = Tape.noGrad()) {
                    INDArray p = logits(firsts.subList(from, to), seconds.subList(from, to)).sigmoid().value();
                    for (int i = from; i < to; i++) {
                        out[i] = p.getFloat(i - from);
                    }
                }
            }
        } finally {
            train(wasTraining);
        }
        return out;
    }

    /** Candidates sorted by probability of relevance to {@code query}, best first (ties by input order). */
    public List<Ranked> rank(String query, List<String> candidates) {
        float[] s = predict(Collections.nCopies(candidates.size(), query), candidates, 64);
        List<Ranked> out = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            out.add(new Ranked(candidates.get(i), i, s[i]));
        }
        out.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score()) : Integer.compare(a.index(), b.index()));
        return out;
    }

    public BertEncoder encoder() {
        return encoder;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public Pooling pooling() {
        return pooling;
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public String toString() {
        return "CrossEncoder" + Arrays.toString(new long[] {encoder.config().layers(), encoder.config().hidden()});
    }
}
