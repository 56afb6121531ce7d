package org.distill4ads.transformer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Dropout;
import org.distill4ads.nn.module.Init;
import org.distill4ads.nn.module.Linear;
import org.distill4ads.nn.module.Module;
import org.distill4ads.transformer.PairScorer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The assistant: BERT over a text pair ({@code [CLS] item [SEP] keyphrase [SEP]}) and a linear
 * head on the pooled vector — [CLS] as in Hugging Face's {@code BertForSequenceClassification}, or
 * the mean over the tokens — giving one logit; its sigmoid is the probability that the pair is
 * relevant. Trained from scratch, mean pooling with {@link MimeticInit} learns token matching far
 * faster than [CLS] pooling (docs/transformer.md). Parameter names follow {@code BertForSequenceClassification}:
 * {@code bert.*} and {@code classifier.weight/bias}, and {@code pooler.dense.*} when the head has
 * Hugging Face's pooler (off by default).
 */
public final class CrossEncoder extends Module implements PairScorer {
    private final BertEncoder encoder;
    private final Dropout dropout;
    private final Linear classifier;
    private final Linear pooler;
    private final TextTokenizer tokenizer;
    private final int maxLength;
    private final Pooling pooling;

    /** Pairs per batch of {@link #predict(List)} and {@link #rank}. */
    public static final int DEFAULT_BATCH = 64;

    /** A scored candidate of {@link #rank}. */
    public record Ranked(String text, int index, float score) {}

    /** A text pair, e.g. (item text, keyphrase): {@code [CLS] first [SEP] second [SEP]}. */
    public record Pair(String first, String second) {
        public Pair {
            if (first == null || second == null) {
                throw new IllegalArgumentException("a pair needs two texts, got (" + first + ", " + second + ")");
            }
        }

        /** Pair {@code i} of two parallel lists, which must have the same length. */
        public static List<Pair> zip(List<String> firsts, List<String> seconds) {
            if (firsts.size() != seconds.size()) {
                throw new IllegalArgumentException("pair lists differ in length: " + firsts.size() + " != " + seconds.size());
            }
            List<Pair> out = new ArrayList<>(firsts.size());
            for (int i = 0; i < firsts.size(); i++) {
                out.add(new Pair(firsts.get(i), seconds.get(i)));
            }
            return out;
        }
    }

    /** [CLS] pooling, as Hugging Face cross-encoders. */
    public CrossEncoder(BertEncoder encoder, TextTokenizer tokenizer, int maxLength, long seed) {
        this(encoder, tokenizer, maxLength, Pooling.CLS, seed);
    }

    public CrossEncoder(BertEncoder encoder, TextTokenizer tokenizer, int maxLength, Pooling pooling, long seed) {
        this(encoder, tokenizer, maxLength, pooling, false, seed);
    }

    /**
     * With {@code hfPooler}, the head is Hugging Face's {@code BertForSequenceClassification}'s:
     * tanh(dense([CLS])) ({@code pooler.dense.*}, saved as {@code bert.pooler.dense.*}), then the
     * classifier, so that a saved model loads in {@code AutoModelForSequenceClassification} and
     * gives the same probability. It needs [CLS] pooling.
     */
    public CrossEncoder(BertEncoder encoder, TextTokenizer tokenizer, int maxLength, Pooling pooling, boolean hfPooler, long seed) {
        if (pooling == null) {
            throw new IllegalArgumentException("pooling must not be null");
        }
        this.pooling = pooling;
        if (maxLength < 3) {
            throw new IllegalArgumentException("max length must be at least 3 for a pair, got " + maxLength);
        }
        this.encoder = registerModule("bert", encoder);
        this.dropout = registerModule("dropout", new Dropout(encoder.config().hiddenDropout(), Init.derive(seed, "dropout")));
        this.classifier = registerModule("classifier", new Linear(encoder.config().hidden(), 1, true,
                encoder.dataType(), encoder.config().initializerRange(), Init.derive(seed, "classifier")));
        if (hfPooler && pooling != Pooling.CLS) {
            throw new IllegalArgumentException("Hugging Face's pooler reads the [CLS] vector: it needs CLS pooling, got " + pooling);
        }
        this.pooler = hfPooler
                ? registerModule("pooler", new BertLayer.Group()).add("dense", new Linear(encoder.config().hidden(),
                        encoder.config().hidden(), true, encoder.dataType(), encoder.config().initializerRange(), Init.derive(seed, "pooler")))
                : null;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /** Training-time logits [B] with a graph. */
    public Tensor logits(TokenBatch batch) {
        Tensor hidden = encoder.forward(batch.ids(), batch.typeIds(), batch.mask()); // [B, T, H]
        Tensor cls = pooling.pool(hidden, batch.mask());                             // [B, H]
        if (pooler != null) {
            cls = pooler.forward(cls).tanh();                                        // [B, H]
        }
        return classifier.forward(dropout.forward(cls)).reshape(batch.batchSize()); // [B]
    }

    /**
     * Training-time logits [B] of text pairs, with a graph for the backward pass (dropout is
     * active in training mode). For scores without a graph use {@link #predict}.
     */
    public Tensor forward(List<Pair> pairs) {
        List<String> firsts = new ArrayList<>(pairs.size());
        List<String> seconds = new ArrayList<>(pairs.size());
        for (Pair p : pairs) {
            firsts.add(p.first());
            seconds.add(p.second());
        }
        return logits(tokenizer.encodePairs(firsts, seconds, maxLength));
    }

    @Override
    public float[] score(List<String> firsts, List<String> seconds) {
        return predict(Pair.zip(firsts, seconds), DEFAULT_BATCH);
    }

    /** Probabilities of relevance, in batches of {@value #DEFAULT_BATCH}; never builds a graph. */
    public float[] predict(List<Pair> pairs) {
        return predict(pairs, DEFAULT_BATCH);
    }

    /** Probabilities of relevance in batches of {@code batchSize}, in evaluation mode, without a graph. */
    public float[] predict(List<Pair> pairs, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        float[] out = new float[pairs.size()];
        boolean wasTraining = isTraining();
        eval();
        try {
            for (int from = 0; from < out.length; from += batchSize) {
                int to = Math.min(out.length, from + batchSize);
                try (Tape t = Tape.noGrad()) {
                    INDArray p = forward(pairs.subList(from, to)).sigmoid().value();
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

    /**
     * The {@code topK} candidates most relevant to {@code query}, best first (ties by input order),
     * as sentence-transformers' {@code CrossEncoder.rank}.
     */
    public List<Ranked> rank(String query, List<String> candidates, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be >= 1, got " + topK);
        }
        List<Pair> pairs = new ArrayList<>(candidates.size());
        for (String c : candidates) {
            pairs.add(new Pair(query, c));
        }
        float[] s = predict(pairs);
        List<Ranked> out = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            out.add(new Ranked(candidates.get(i), i, s[i]));
        }
        out.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score()) : Integer.compare(a.index(), b.index()));
        return List.copyOf(out.subList(0, Math.min(topK, out.size())));
    }

    /** Every candidate ranked by relevance to {@code query}, best first. */
    public List<Ranked> rank(String query, List<String> candidates) {
        return rank(query, candidates, Math.max(1, candidates.size()));
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

    /** Whether the head has Hugging Face's pooler (tanh of a dense layer) before the classifier. */
    public boolean hasPooler() {
        return pooler != null;
    }

    @Override
    public String toString() {
        return "CrossEncoder" + Arrays.toString(new long[] {encoder.config().layers(), encoder.config().hidden()});
    }
}
