package org.distill4ads.transformer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * The shape of a BERT encoder, with the field names of Hugging Face's {@code config.json}.
 *
 * @param vocabSize          word-piece vocabulary size
 * @param hidden             width H of every token vector
 * @param layers             number of transformer blocks
 * @param heads              attention heads; must divide {@code hidden}
 * @param intermediate       width of the feed-forward block
 * @param maxPositions       longest sequence the position table covers
 * @param typeVocabSize      token-type (segment) ids, 2 for BERT
 * @param layerNormEps       LayerNorm epsilon, 1e-12 for BERT
 * @param hiddenDropout      dropout on embeddings and sub-layer outputs
 * @param attentionDropout   dropout on attention probabilities
 * @param initializerRange   standard deviation of the normal initializer
 */
public record BertConfig(int vocabSize, int hidden, int layers, int heads, int intermediate, int maxPositions,
                         int typeVocabSize, double layerNormEps, double hiddenDropout, double attentionDropout,
                         double initializerRange) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public BertConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hidden);
        positive("num_hidden_layers", layers);
        positive("num_attention_heads", heads);
        positive("intermediate_size", intermediate);
        positive("max_position_embeddings", maxPositions);
        positive("type_vocab_size", typeVocabSize);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layer_norm_eps must be positive, got " + layerNormEps);
        }
        probability("hidden_dropout_prob", hiddenDropout);
        probability("attention_probs_dropout_prob", attentionDropout);
        if (!(initializerRange >= 0)) {
            throw new IllegalArgumentException("initializer_range must be >= 0, got " + initializerRange);
        }
    }

    /** A small encoder with BERT's defaults for everything but the sizes. */
    public static BertConfig small(int vocabSize, int hidden, int layers, int heads, int maxPositions) {
        return new BertConfig(vocabSize, hidden, layers, heads, 4 * hidden, maxPositions, 2, 1e-12, 0.1, 0.1, 0.02);
    }

    public int headSize() {
        return hidden / heads;
    }

    public BertConfig withoutDropout() {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize, layerNormEps,
                0, 0, initializerRange);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + p);
        }
    }

    /** Reads a Hugging Face BERT {@code config.json}; absent optional fields take BERT's defaults. */
    public static BertConfig read(Path file) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IOException(file + ": expected a JSON object with the BERT configuration");
        }
        BertConfig c;
        try {
            c = new BertConfig(required(n, "vocab_size", file), required(n, "hidden_size", file),
                    required(n, "num_hidden_layers", file), required(n, "num_attention_heads", file),
                    required(n, "intermediate_size", file), optional(n, "max_position_embeddings", 512, file),
                    optional(n, "type_vocab_size", 2, file), n.path("layer_norm_eps").asDouble(1e-12),
                    n.path("hidden_dropout_prob").asDouble(0.1), n.path("attention_probs_dropout_prob").asDouble(0.1),
                    n.path("initializer_range").asDouble(0.02));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        // each weight matrix must fit one Java array: vocabulary, positions and feed-forward against the width
        fits(file, "vocab_size", c.vocabSize(), c.hidden());
        fits(file, "max_position_embeddings", c.maxPositions(), c.hidden());
        fits(file, "intermediate_size", c.intermediate(), c.hidden());
        fits(file, "type_vocab_size", c.typeVocabSize(), c.hidden());
        return c;
    }

    /** The most weights one matrix of a model may have: what one Java array holds. */
    public static final long MAX_TENSOR = Integer.MAX_VALUE - 8;

    private static void fits(Path file, String key, int rows, int hidden) throws IOException {
        long n = (long) rows * hidden;
        if (n > MAX_TENSOR) {
            throw new IOException(file + ": " + key + " " + rows + " x hidden_size " + hidden + " = " + n
                    + " weights in one matrix, more than the " + MAX_TENSOR + " one tensor may hold");
        }
    }

    private static int optional(JsonNode n, String key, int fallback, Path file) throws IOException {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? fallback : integer(v, key, file);
    }

    private static int integer(JsonNode v, String key, Path file) throws IOException {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IOException(file + ": '" + key + "' is " + v + ", expected a whole number below 2^31");
        }
        return v.asInt();
    }

    private static int required(JsonNode n, String key, Path file) throws IOException {
        JsonNode v = n.get(key);
        if (v == null) {
            throw new IOException(file + ": missing integer field '" + key + "'");
        }
        return integer(v, key, file);
    }

    /** Writes a Hugging Face compatible {@code config.json} ({@code BertModel}) atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeBytes(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson()));
    }

    /** The fields of {@code config.json}, architecture {@code BertModel}. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add("BertModel");
        n.put("model_type", "bert");
        n.put("vocab_size", vocabSize);
        n.put("hidden_size", hidden);
        n.put("num_hidden_layers", layers);
        n.put("num_attention_heads", heads);
        n.put("intermediate_size", intermediate);
        n.put("hidden_act", "gelu");
        n.put("max_position_embeddings", maxPositions);
        n.put("type_vocab_size", typeVocabSize);
        n.put("layer_norm_eps", layerNormEps);
        n.put("hidden_dropout_prob", hiddenDropout);
        n.put("attention_probs_dropout_prob", attentionDropout);
        n.put("initializer_range", initializerRange);
        n.put("pad_token_id", 0);
        return n;
    }
}
