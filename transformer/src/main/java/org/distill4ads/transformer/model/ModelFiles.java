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
 * {@code config.json} (BERT), {@code model.safetensors} (checkpoint keys), the tokenizer's files,
 * and {@code distill4ads.json} with what BERT's config lacks (model kind, pooling, projection,
 * Matryoshka sizes, max length, towers). A bi-encoder's encoder is stored under {@code BertModel}
 * keys ({@code embeddings.*}, {@code encoder.*}), a second tower under {@code keyphrase_bert.*}; a cross-encoder under
 * {@code BertForSequenceClassification} keys ({@code bert.*}, {@code classifier.*}).
 * Directories are written under a temporary name and renamed, so a crash leaves no half model.
 */
public final class ModelFiles {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String SETTINGS = "distill4ads.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Loads a tokenizer from a model directory. */
    @FunctionalInterface
    public interface TokenizerLoader {
        TextTokenizer load(Path directory) throws IOException;
    }

    private ModelFiles() {}

    public static void save(BiEncoder model, Path dir) throws IOException {
        Map<String, INDArray> state = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> state.put(k.startsWith("bert.") ? k.substring(5) : k, v));
        ObjectNode s = JSON.createObjectNode();
        s.put("kind", "bi-encoder");
        BiEncoder.Settings st = model.settings();
        s.put("pooling", st.pooling().name().toLowerCase(java.util.Locale.ROOT));
        s.put("projection", st.projection());
        var dims = s.putArray("matryoshka_dims");
        for (int d : st.matryoshkaDims()) {
            dims.add(d);
        }
        s.put("max_length", st.maxLength());
        s.put("two_towers", model.twoTowers());
        write(dir, model.encoder().config(), state, s, model.tokenizer());
    }

    public static void save(CrossEncoder model, Path dir) throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.put("kind", "cross-encoder");
        s.put("max_length", model.maxLength());
        s.put("pooling", model.pooling().name().toLowerCase(java.util.Locale.ROOT));
        write(dir, model.encoder().config(), model.stateDict(), s, model.tokenizer());
    }

    public static BiEncoder loadBiEncoder(Path dir, TokenizerLoader tokenizers) throws IOException {
        JsonNode s = settings(dir, "bi-encoder");
        int[] dims = new int[s.path("matryoshka_dims").size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = s.path("matryoshka_dims").get(i).asInt();
        }
        BertConfig config = BertConfig.read(dir.resolve(CONFIG));
        BiEncoder.Settings st = new BiEncoder.Settings(Pooling.parse(s.path("pooling").asText("mean")),
                s.path("projection").asInt(0), dims.length == 0 ? new int[] {config.hidden()} : dims,
                s.path("max_length").asInt(64));
        BertEncoder second = s.path("two_towers").asBoolean(false) ? new BertEncoder(config, DataType.FLOAT, 0) : null;
        BiEncoder model = new BiEncoder(new BertEncoder(config, DataType.FLOAT, 0), second, tokenizer(dir, tokenizers, config), st, 0);
        Map<String, INDArray> state = new LinkedHashMap<>();
        weights(dir).forEach((k, v) -> state.put(k.startsWith("projection.") || k.startsWith("keyphrase_bert.") ? k : "bert." + k, v));
        load(model, state, dir);
        return model;
    }

    public static CrossEncoder loadCrossEncoder(Path dir, TokenizerLoader tokenizers) throws IOException {
        JsonNode s = settings(dir, "cross-encoder");
        BertConfig config = BertConfig.read(dir.resolve(CONFIG));
        CrossEncoder model = new CrossEncoder(new BertEncoder(config, DataType.FLOAT, 0), tokenizer(dir, tokenizers, config),
                s.path("max_length").asInt(64), Pooling.parse(s.path("pooling").asText("cls")), 0);
        load(model, weights(dir), dir);
        return model;
    }

    private static void load(org.distill4ads.nn.module.Module model, Map<String, INDArray> state, Path dir) throws IOException {
        // BERT checkpoints may carry a pooler and position ids that these models do not use.
        state.keySet().removeIf(k -> k.contains("pooler.") || k.endsWith("position_ids"));
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

    private static JsonNode settings(Path dir, String kind) throws IOException {
        Path f = dir.resolve(SETTINGS);
        if (!Files.isRegularFile(f)) {
            throw new IOException("not a distill4ads model directory (no " + SETTINGS + "): " + dir);
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

    private static void write(Path dir, BertConfig config, Map<String, INDArray> state, ObjectNode settings,
                              TextTokenizer tokenizer) throws IOException {
        Path target = dir.toAbsolutePath();
        Path tmp = AtomicFiles.tempDirBeside(target);
        try {
            config.write(tmp.resolve(CONFIG));
            SafeTensors.save(tmp.resolve(WEIGHTS), state, Map.of("format", "pt"));
            Files.write(tmp.resolve(SETTINGS), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
            tokenizer.save(tmp);
            AtomicFiles.replaceDir(tmp, target);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }
}
