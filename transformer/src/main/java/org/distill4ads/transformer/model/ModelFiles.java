package org.distill4ads.transformer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distill4ads.nn.io.SafeTensors;
import org.distill4ads.nn.io.AtomicFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves and loads models as a directory that Hugging Face tools can read:
 * {@code config.json} (BERT), {@code model.safetensors} (checkpoint keys), the tokenizer's files
 * ({@code vocab.txt}, {@code tokenizer_config.json}, {@code tokenizer.json}), and
 * {@code distill4ads.json} with what BERT's config lacks (model kind, pooling, projection,
 * Matryoshka sizes, max length, towers, head). A bi-encoder's encoder is stored under
 * {@code BertModel} keys ({@code embeddings.*}, {@code encoder.*}), a second tower under
 * {@code keyphrase_bert.*}; a siamese one also gets sentence-transformers' files
 * ({@link SentenceTransformerFiles}), its projection in {@code 2_Dense}. A cross-encoder is stored
 * under {@code BertForSequenceClassification} keys ({@code bert.*}, {@code classifier.*}, and
 * {@code bert.pooler.dense.*} with Hugging Face's pooler, when its config.json names that
 * architecture with {@code num_labels} 1).
 *
 * <p>A folder without {@code distill4ads.json} (the Hugging Face Hub layout: config.json,
 * model.safetensors, vocab.txt or tokenizer.json, and for a sentence-transformers model its
 * files) loads too, with the settings its files give: docs/formats.md.
 * Directories are written under a temporary name and renamed, so a crash leaves no half model.
 */
public final class ModelFiles {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String SETTINGS = "distill4ads.json";
    /** Every name a saved model folder may hold at its top, tokenizer files aside. */
    public static final java.util.List<String> NAMES;
    static {
        java.util.List<String> n = new java.util.ArrayList<>(java.util.List.of(CONFIG, WEIGHTS, SETTINGS));
        n.addAll(SentenceTransformerFiles.NAMES);
        NAMES = java.util.List.copyOf(n);
    }
    private static final String SEQUENCE_CLASSIFICATION = "BertForSequenceClassification";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Loads a tokenizer from a model directory. */
    @FunctionalInterface
    public interface TokenizerLoader {
        TextTokenizer load(Path directory) throws IOException;
    }

    private ModelFiles() {}

    public static void save(BiEncoder model, Path dir) throws IOException {
        Map<String, INDArray> state = new LinkedHashMap<>();
        Map<String, INDArray> projection = new LinkedHashMap<>();
        boolean st = !model.twoTowers();
        model.stateDict().forEach((k, v) -> {
            if (st && k.startsWith("projection.")) {
                projection.put(k.substring("projection.".length()), v);
            } else {
                state.put(k.startsWith("bert.") ? k.substring(5) : k, v);
            }
        });
        ObjectNode s = JSON.createObjectNode();
        s.put("kind", "bi-encoder");
        BiEncoder.Settings bs = model.settings();
        s.put("pooling", bs.pooling().name().toLowerCase(java.util.Locale.ROOT));
        s.put("projection", bs.projection());
        var dims = s.putArray("matryoshka_dims");
        for (int d : bs.matryoshkaDims()) {
            dims.add(d);
        }
        s.put("max_length", bs.maxLength());
        s.put("two_towers", model.twoTowers());
        BertConfig config = model.encoder().config();
        write(dir, config.toJson(), state, s, model.tokenizer(), bs.maxLength(), tmp -> {
            if (st) {
                SentenceTransformerFiles.write(tmp, bs.pooling(), config.hidden(), bs.maxLength(),
                        projection.isEmpty() ? null : projection);
            }
        });
    }

    public static void save(CrossEncoder model, Path dir) throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.put("kind", "cross-encoder");
        s.put("max_length", model.maxLength());
        s.put("pooling", model.pooling().name().toLowerCase(java.util.Locale.ROOT));
        s.put("hf_pooler", model.hasPooler());
        Map<String, INDArray> state = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> state.put(k.startsWith("pooler.") ? "bert." + k : k, v));
        ObjectNode config = model.encoder().config().toJson();
        if (model.hasPooler()) {
            config.putArray("architectures").add(SEQUENCE_CLASSIFICATION);
            config.put("num_labels", 1);
            config.putObject("id2label").put("0", "LABEL_0");
            config.putObject("label2id").put("LABEL_0", 0);
            // sentence-transformers' CrossEncoder (v4, v5) reads its activation here: a sigmoid of the one logit
            config.putObject("sentence_transformers").put("activation_fn", "torch.nn.modules.activation.Sigmoid");
        }
        write(dir, config, state, s, model.tokenizer(), model.maxLength(), tmp -> {
            if (model.hasPooler()) {
                ObjectNode c = JSON.createObjectNode();
                c.put("model_type", "CrossEncoder");
                c.put("activation_fn", "torch.nn.modules.activation.Sigmoid");
                AtomicFiles.writeBytes(tmp.resolve(SentenceTransformerFiles.ST_MODEL_CONFIG),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(c));
            }
        });
    }

    public static BiEncoder loadBiEncoder(Path dir, TokenizerLoader tokenizers) throws IOException {
        JsonNode s = settings(dir, "bi-encoder");
        BertConfig config = BertConfig.read(dir.resolve(CONFIG));
        if (s == null && SEQUENCE_CLASSIFICATION.equals(architecture(dir))) {
            throw new IOException(dir.resolve(CONFIG) + ": names " + SEQUENCE_CLASSIFICATION + ", a cross-encoder; expected a bi-encoder (BertModel)");
        }
        SentenceTransformerFiles.Layout st = SentenceTransformerFiles.read(dir, config);
        Map<String, INDArray> state = new LinkedHashMap<>();
        BiEncoder.Settings bs;
        boolean twoTowers = false;
        if (s != null) {
            int[] dims = new int[s.path("matryoshka_dims").size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = s.path("matryoshka_dims").get(i).asInt();
            }
            bs = new BiEncoder.Settings(Pooling.parse(s.path("pooling").asText("mean")),
                    s.path("projection").asInt(0), dims.length == 0 ? new int[] {config.hidden()} : dims,
                    s.path("max_length").asInt(64));
            twoTowers = s.path("two_towers").asBoolean(false);
        } else {
            // the Hub layout: the sentence-transformers files if any, else mean pooling at the tokenizer's length
            Pooling pooling = st != null ? st.pooling() : Pooling.MEAN;
            int maxLength = st != null ? st.maxLength() : SentenceTransformerFiles.maxLength(dir, config);
            int width = st != null && st.dense() != null ? (int) st.dense().get("weight").size(0) : config.hidden();
            bs = new BiEncoder.Settings(pooling, st != null && st.dense() != null ? width : 0, new int[] {width}, maxLength);
        }
        if (st != null && st.dense() != null) {
            st.dense().forEach((k, v) -> state.put("projection." + k, v));
        }
        BertEncoder second = twoTowers ? new BertEncoder(config, DataType.FLOAT, 0) : null;
        BiEncoder model = new BiEncoder(new BertEncoder(config, DataType.FLOAT, 0), second, tokenizer(dir, tokenizers, config), bs, 0);
        weights(dir).forEach((k, v) -> {
            if (s == null) {
                // BertModel keys, or a BertFor* checkpoint's (bert.*) with heads that a bi-encoder does not use
                if (k.startsWith("cls.") || k.startsWith("classifier.") || k.startsWith("qa_outputs.")) {
                    return;
                }
                k = k.startsWith("bert.") ? k.substring(5) : k;
            }
            state.putIfAbsent(k.startsWith("projection.") || k.startsWith("keyphrase_bert.") ? k : "bert." + k, v);
        });
        load(model, state, dir);
        return model;
    }

    public static CrossEncoder loadCrossEncoder(Path dir, TokenizerLoader tokenizers) throws IOException {
        JsonNode s = settings(dir, "cross-encoder");
        BertConfig config = BertConfig.read(dir.resolve(CONFIG));
        Map<String, INDArray> w = weights(dir);
        boolean pooler = w.containsKey("bert.pooler.dense.weight");
        int maxLength;
        Pooling pooling;
        if (s != null) {
            maxLength = s.path("max_length").asInt(64);
            pooling = Pooling.parse(s.path("pooling").asText("cls"));
            pooler = s.path("hf_pooler").asBoolean(false);
        } else {
            String arch = architecture(dir);
            if (!SEQUENCE_CLASSIFICATION.equals(arch)) {
                throw new IOException(dir.resolve(CONFIG) + ": names " + (arch == null ? "no architecture" : arch)
                        + ", expected " + SEQUENCE_CLASSIFICATION + " (a cross-encoder) in a folder without " + SETTINGS);
            }
            int labels = labels(dir);
            if (labels != 1) {
                throw new IOException(dir.resolve(CONFIG) + ": num_labels is " + labels + ", expected 1 (one relevance logit)");
            }
            maxLength = SentenceTransformerFiles.maxLength(dir, config);
            pooling = Pooling.CLS;
        }
        CrossEncoder model = new CrossEncoder(new BertEncoder(config, DataType.FLOAT, 0), tokenizer(dir, tokenizers, config),
                maxLength, pooling, pooler, 0);
        Map<String, INDArray> state = new LinkedHashMap<>();
        boolean keepPooler = pooler;
        w.forEach((k, v) -> state.put(keepPooler && k.startsWith("bert.pooler.") ? k.substring(5) : k, v));
        load(model, state, dir);
        return model;
    }

    private static void load(org.distill4ads.nn.module.Module model, Map<String, INDArray> state, Path dir) throws IOException {
        // BERT checkpoints may carry a pooler and position ids that these models do not use
        // (a cross-encoder with Hugging Face's pooler holds it as pooler.*, outside bert.*).
        state.keySet().removeIf(k -> (k.contains("pooler.") && !k.startsWith("pooler.")) || k.endsWith("position_ids"));
        try {
            model.loadStateDict(state, true);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(WEIGHTS) + ": " + e.getMessage(), e);
        }
    }

    /** The tokenizer, which must not have more tokens than the embedding table has rows. */
    private static TextTokenizer tokenizer(Path dir, TokenizerLoader tokenizers, BertConfig config) throws IOException {
        TextTokenizer t = tokenizers.load(dir);
        if (t.vocabSize() > config.vocabSize()) {
            throw new IOException(dir + ": the tokenizer has " + t.vocabSize() + " tokens but " + dir.resolve(CONFIG)
                    + " gives the embedding table vocab_size " + config.vocabSize() + " rows; token ids past it have no embedding");
        }
        return t;
    }

    /** The weights of {@code dir}, every float one finite: a NaN or infinite weight would poison every score. */
    private static Map<String, INDArray> weights(Path dir) throws IOException {
        Path file = dir.resolve(WEIGHTS);
        Map<String, INDArray> w = new LinkedHashMap<>(SafeTensors.load(file));
        for (Map.Entry<String, INDArray> e : w.entrySet()) {
            INDArray a = e.getValue();
            if (!a.dataType().isFPType()) {
                continue;
            }
            double[] v = a.dataType() == DataType.DOUBLE ? a.dup('c').data().asDouble() : null;
            float[] f = v == null ? a.dup('c').data().asFloat() : null;
            int length = v != null ? v.length : f.length;
            int bad = 0;
            int first = -1;
            for (int i = 0; i < length; i++) {
                if (!Double.isFinite(v != null ? v[i] : f[i])) {
                    bad++;
                    first = first < 0 ? i : first;
                }
            }
            if (bad > 0) {
                throw new IOException(file + ": tensor '" + e.getKey() + "' holds " + bad + " non-finite weight" + (bad == 1 ? "" : "s")
                        + " (the first, at flat index " + first + ", is " + (v != null ? v[first] : f[first]) + "); a model's weights must be finite");
            }
        }
        return w;
    }

    /** The first of config.json's {@code architectures}, or null. */
    private static String architecture(Path dir) throws IOException {
        JsonNode a = SentenceTransformerFiles.readJson(dir.resolve(CONFIG)).path("architectures");
        return a.isArray() && !a.isEmpty() ? a.get(0).asText() : null;
    }

    /** config.json's {@code num_labels}, else the size of {@code id2label}, else Hugging Face's default 2. */
    private static int labels(Path dir) throws IOException {
        JsonNode c = SentenceTransformerFiles.readJson(dir.resolve(CONFIG));
        if (c.path("num_labels").isIntegralNumber()) {
            return c.get("num_labels").asInt();
        }
        return c.path("id2label").isObject() ? c.get("id2label").size() : 2;
    }

    /** The settings of distill4ads.json, or null for a folder in the Hub layout (config.json, no distill4ads.json). */
    private static JsonNode settings(Path dir, String kind) throws IOException {
        Path f = dir.resolve(SETTINGS);
        if (!Files.isRegularFile(f)) {
            if (Files.isRegularFile(dir.resolve(CONFIG))) {
                return null; // the Hugging Face Hub layout
            }
            throw new IOException("not a model directory (no " + SETTINGS + " and no " + CONFIG + "): " + dir);
        }
        JsonNode s;
        try {
            s = JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new IOException(f + ": is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (s == null || !s.isObject()) {
            throw new IOException(f + ": expected a JSON object with the model's kind and settings");
        }
        if (!kind.equals(s.path("kind").asText())) {
            throw new IOException(f + ": holds a '" + s.path("kind").asText() + "', expected a '" + kind + "'");
        }
        return s;
    }

    /** What a model adds to its temporary folder before it is renamed into place. */
    @FunctionalInterface
    private interface Extra {
        void write(Path tmp) throws IOException;
    }

    private static void write(Path dir, ObjectNode config, Map<String, INDArray> state, ObjectNode settings,
                              TextTokenizer tokenizer, int maxLength, Extra extra) throws IOException {
        Path target = dir.toAbsolutePath();
        Path tmp = AtomicFiles.tempDirBeside(target);
        try {
            AtomicFiles.writeBytes(tmp.resolve(CONFIG), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
            SafeTensors.save(tmp.resolve(WEIGHTS), state, Map.of("format", "pt"));
            Files.write(tmp.resolve(SETTINGS), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
            tokenizer.save(tmp);
            lengthIntoTokenizerConfig(tmp.resolve("tokenizer_config.json"), maxLength);
            extra.write(tmp);
            AtomicFiles.replaceDir(tmp, target);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }

    /** The model's max length as the tokenizer's {@code model_max_length}, where Hugging Face tools truncate. */
    private static void lengthIntoTokenizerConfig(Path file, int maxLength) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        JsonNode n = SentenceTransformerFiles.readJson(file);
        if (n.isObject()) {
            ((ObjectNode) n).put("model_max_length", maxLength);
            AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(n));
        }
    }
}
