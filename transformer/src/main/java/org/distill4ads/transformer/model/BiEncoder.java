package org.distill4ads.transformer.model;

import java.util.ArrayList;
import java.util.List;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Init;
import org.distill4ads.nn.module.Linear;
import org.distill4ads.nn.module.Module;
import org.distill4ads.transformer.TextEmbedder;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The student: a BERT encoder that maps any text to an L2-normalized embedding, so that cosine
 * similarity ranks keyphrases for an item. By default one (siamese) encoder serves both sides;
 * with two towers, keyphrases get an encoder of their own ({@code keyphrase_bert.*}) through
 * {@link #forwardKeyphrases} and {@link #keyphraseEmbedder()}. Pooling is masked mean by default; an
 * optional dense projection, shared by both sides, changes the width. Matryoshka sizes say which
 * prefixes of the embedding are trained to be usable on their own.
 *
 * <p>Two kinds of call, as in sentence-transformers: {@code forward*} is the training-time pass
 * that keeps the autograd graph (a loss is computed on it and back-propagated); {@code encode} and
 * {@link #embed(List, int)} are inference: evaluation mode, no graph, plain float rows.
 */
public final class BiEncoder extends Module implements TextEmbedder {
    private final BertEncoder encoder;
    private final BertEncoder keyphraseEncoder;
    private final Linear projection;
    private final Pooling pooling;
    private MatryoshkaEmbedding matryoshka;
    private final TextTokenizer tokenizer;
    private final int maxLength;

    /** Settings other than the encoder's: pooling, projection width (0 for none), sizes, max length. */
    public record Settings(Pooling pooling, int projection, int[] matryoshkaDims, int maxLength) {
        public Settings {
            if (projection < 0) {
                throw new IllegalArgumentException("projection width must be >= 0, got " + projection);
            }
            if (maxLength < 2) {
                throw new IllegalArgumentException("max length must be at least 2 ([CLS] and [SEP]), got " + maxLength);
            }
            new MatryoshkaEmbedding(matryoshkaDims);
        }
    }

    /** A siamese bi-encoder: one encoder for items and keyphrases. */
    public BiEncoder(BertEncoder encoder, TextTokenizer tokenizer, Settings settings, long seed) {
        this(encoder, null, tokenizer, settings, seed);
    }

    /** Two towers when {@code keyphraseEncoder} is not null (it must have the same width). */
    public BiEncoder(BertEncoder encoder, BertEncoder keyphraseEncoder, TextTokenizer tokenizer, Settings settings, long seed) {
        this.encoder = registerModule("bert", encoder);
        if (keyphraseEncoder != null && keyphraseEncoder.config().hidden() != encoder.config().hidden()) {
            throw new IllegalArgumentException("the towers' widths differ: " + encoder.config().hidden() + " != "
                    + keyphraseEncoder.config().hidden());
        }
        this.keyphraseEncoder = keyphraseEncoder == null ? null : registerModule("keyphrase_bert", keyphraseEncoder);
        this.tokenizer = tokenizer;
        this.pooling = settings.pooling();
        this.maxLength = settings.maxLength();
        int h = encoder.config().hidden();
        this.projection = settings.projection() > 0
                ? registerModule("projection", new Linear(h, settings.projection(), true,
                        encoder.dataType(), encoder.config().initializerRange(), Init.derive(seed, "projection")))
                : null;
        this.matryoshka = new MatryoshkaEmbedding(settings.matryoshkaDims()).validateFor(dimension());
    }

    /** Texts per batch of {@link #encode(List)} and {@link #embed(List, int)}. */
    public static final int DEFAULT_BATCH = 64;

    /** Training-time embeddings with a graph (items, or both sides when siamese): [B, D], unit rows. */
    public Tensor forward(TokenBatch batch) {
        return embedWith(encoder, batch);
    }

    /** Training-time embeddings of texts with a graph: [B, D], unit rows. */
    public Tensor forward(List<String> texts) {
        return forward(tokenizer.encode(texts, maxLength));
    }

    /** Training-time keyphrase embeddings with a graph: the keyphrase tower when there are two, else {@link #forward}. */
    public Tensor forwardKeyphrases(TokenBatch batch) {
        return embedWith(keyphraseEncoder != null ? keyphraseEncoder : encoder, batch);
    }

    public Tensor forwardKeyphrases(List<String> texts) {
        return forwardKeyphrases(tokenizer.encode(texts, maxLength));
    }

    public boolean twoTowers() {
        return keyphraseEncoder != null;
    }

    public BertEncoder keyphraseEncoder() {
        return keyphraseEncoder != null ? keyphraseEncoder : encoder;
    }

    /** The keyphrase side as a {@link TextEmbedder} (this model itself when siamese). */
    public TextEmbedder keyphraseEmbedder() {
        if (keyphraseEncoder == null) {
            return this;
        }
        return new TextEmbedder() {
            @Override
            public int dimension() {
                return BiEncoder.this.dimension();
            }

            @Override
            public float[][] embed(List<String> texts, int dim) {
                return encodeWith(keyphraseEncoder, texts, DEFAULT_BATCH, dim);
            }

            @Override
            public org.distill4ads.transformer.ModelFingerprint fingerprint() {
                return BiEncoder.this.fingerprint();
            }
        };
    }

    private Tensor embedWith(BertEncoder tower, TokenBatch batch) {
        Tensor hidden = tower.forward(batch.ids(), batch.typeIds(), batch.mask()); // [B, T, H]
        Tensor pooled = pooling.pool(hidden, batch.mask());                          // [B, H]
        if (projection != null) {
            pooled = projection.forward(pooled);                                     // [B, D]
        }
        return pooled.l2Normalize(1e-12);
    }

    @Override
    public int dimension() {
        return projection != null ? projection.outFeatures() : encoder.config().hidden();
    }

    /** Inference at width {@code dim} (a Matryoshka size), batches of {@value #DEFAULT_BATCH}, no graph. */
    @Override
    public float[][] embed(List<String> texts, int dim) {
        return encode(texts, DEFAULT_BATCH, dim);
    }

    /** Inference at the full width, batches of {@value #DEFAULT_BATCH}, no graph: unit rows. */
    public float[][] encode(List<String> texts) {
        return encode(texts, DEFAULT_BATCH, dimension());
    }

    /** Inference in batches (no graph, memory released per batch): unit rows of length {@code dim}. */
    public float[][] encode(List<String> texts, int batchSize, int dim) {
        return encodeWith(encoder, texts, batchSize, dim);
    }

    private float[][] encodeWith(BertEncoder tower, List<String> texts, int batchSize, int dim) {
        if (dim <= 0 || dim > dimension()) {
            throw new IllegalArgumentException("embedding dim " + dim + " must be in [1, " + dimension() + "]");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        List<float[]> rows = new ArrayList<>(texts.size());
        boolean wasTraining = isTraining();
        eval();
        try {
            for (int from = 0; from < texts.size(); from += batchSize) {
                List<String> chunk = texts.subList(from, Math.min(texts.size(), from + batchSize));
                try (Tape t = Tape.noGrad()) {
                    Tensor e = MatryoshkaEmbedding.truncate(embedWith(tower, tokenizer.encode(chunk, maxLength)), dim);
                    INDArray v = e.value();
                    for (int i = 0; i < chunk.size(); i++) {
                        rows.add(v.getRow(i).toFloatVector());
                    }
                }
            }
        } finally {
            train(wasTraining);
        }
        return rows.toArray(new float[0][]);
    }

    /** Both towers, the projection and the tokenizer: the same for the item and the keyphrase side. */
    @Override
    public org.distill4ads.transformer.ModelFingerprint fingerprint() {
        return org.distill4ads.transformer.ModelFingerprint.of(stateDict(), tokenizer, "bi-encoder pooling=" + pooling
                + " maxLength=" + maxLength);
    }

    public BertEncoder encoder() {
        return encoder;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public MatryoshkaEmbedding matryoshka() {
        return matryoshka;
    }

    /**
     * From now on trains, is evaluated at and is saved with the Matryoshka sizes {@code dims}
     * (e.g. a pretrained model distilled at smaller sizes); the largest may not exceed the width.
     * Returns this model.
     */
    public BiEncoder withMatryoshkaDims(int[] dims) {
        this.matryoshka = new MatryoshkaEmbedding(dims).validateFor(dimension());
        return this;
    }

    public Settings settings() {
        return new Settings(pooling, projection == null ? 0 : projection.outFeatures(), matryoshka.dims(), maxLength);
    }
}
