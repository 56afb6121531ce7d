package org.distill4ads.transformer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.io.AtomicFiles;
import org.distill4ads.nn.io.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The files that make a bi-encoder folder a sentence-transformers model: {@code modules.json}
 * (Transformer at the root, {@code 1_Pooling}, {@code 2_Dense} when there is a projection,
 * then a Normalize module), {@code 1_Pooling/config.json}, {@code 2_Dense/config.json} with
 * {@code 2_Dense/model.safetensors} ({@code linear.weight}, {@code linear.bias}; identity
 * activation), {@code 2_Normalize} (or {@code 3_Normalize} after a Dense), {@code sentence_bert_config.json} ({@code max_seq_length}) and
 * {@code config_sentence_transformers.json} (cosine similarity). Written in the layout of
 * sentence-transformers 2 to 5, which version 6 reads too; read in both that layout and version
 * 6's ({@code pooling_mode}, {@code embedding_dimension}, the length in
 * {@code tokenizer_config.json}'s {@code model_max_length}).
 */
final class SentenceTransformerFiles {
    static final String MODULES = "modules.json";
    static final String POOLING_DIR = "1_Pooling";
    static final String DENSE_DIR = "2_Dense";
    /** 2_Normalize, or 3_Normalize after a Dense module, as sentence-transformers numbers them. */
    static final List<String> NORMALIZE_DIRS = List.of("2_Normalize", "3_Normalize");
    static final String ST_CONFIG = "sentence_bert_config.json";
    static final String ST_MODEL_CONFIG = "config_sentence_transformers.json";
    /** Every name this class writes at the top of a folder. */
    static final List<String> NAMES = List.of(MODULES, POOLING_DIR, DENSE_DIR, "2_Normalize", "3_Normalize", ST_CONFIG, ST_MODEL_CONFIG);
    private static final String IDENTITY = "torch.nn.modules.linear.Identity";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a sentence-transformers folder says about the model around the encoder. */
    record Layout(Pooling pooling, int maxLength, boolean normalize, Map<String, INDArray> dense) {}

    private SentenceTransformerFiles() {}

    /** Writes the files into {@code dir}; {@code projection} holds {@code weight} and {@code bias}, or is null. */
    static void write(Path dir, Pooling pooling, int hidden, int maxLength, Map<String, INDArray> projection) throws IOException {
        ArrayNode modules = JSON.createArrayNode();
        module(modules, "", "sentence_transformers.models.Transformer");
        module(modules, POOLING_DIR, "sentence_transformers.models.Pooling");
        Files.createDirectories(dir.resolve(POOLING_DIR));
        ObjectNode p = JSON.createObjectNode();
        p.put("word_embedding_dimension", hidden);
        p.put("pooling_mode_cls_token", pooling == Pooling.CLS);
        p.put("pooling_mode_mean_tokens", pooling == Pooling.MEAN);
        p.put("pooling_mode_max_tokens", false);
        p.put("pooling_mode_mean_sqrt_len_tokens", false);
        p.put("pooling_mode_weightedmean_tokens", false);
        p.put("pooling_mode_lasttoken", false);
        p.put("include_prompt", true);
        json(dir.resolve(POOLING_DIR).resolve("config.json"), p);
        if (projection != null) {
            module(modules, DENSE_DIR, "sentence_transformers.models.Dense");
            Path d = Files.createDirectories(dir.resolve(DENSE_DIR));
            INDArray w = projection.get("weight");
            ObjectNode c = JSON.createObjectNode();
            c.put("in_features", w.size(1));
            c.put("out_features", w.size(0));
            c.put("bias", true);
            c.put("activation_function", IDENTITY);
            json(d.resolve("config.json"), c);
            Map<String, INDArray> linear = new LinkedHashMap<>();
            linear.put("linear.weight", w);
            linear.put("linear.bias", projection.get("bias"));
            SafeTensors.save(d.resolve(ModelFiles.WEIGHTS), linear, Map.of("format", "pt"));
        }
        String normalize = modules.size() + "_Normalize";
        module(modules, normalize, "sentence_transformers.models.Normalize");
        Files.createDirectories(dir.resolve(normalize));
        json(dir.resolve(normalize).resolve("config.json"), JSON.createObjectNode());
        json(dir.resolve(MODULES), modules);
        ObjectNode st = JSON.createObjectNode();
        st.put("max_seq_length", maxLength);
        st.put("do_lower_case", false); // the tokenizer lower-cases itself
        json(dir.resolve(ST_CONFIG), st);
        ObjectNode model = JSON.createObjectNode();
        model.put("model_type", "SentenceTransformer");
        model.putObject("prompts");
        model.putNull("default_prompt_name");
        model.put("similarity_fn_name", "cosine");
        json(dir.resolve(ST_MODEL_CONFIG), model);
    }

    /** The layout of {@code dir}, or null when it holds no {@code modules.json}. */
    static Layout read(Path dir, BertConfig config) throws IOException {
        Path modulesFile = dir.resolve(MODULES);
        if (!Files.isRegularFile(modulesFile)) {
            return null;
        }
        JsonNode modules = readJson(modulesFile);
        if (!modules.isArray() || modules.isEmpty()) {
            throw new IOException(modulesFile + ": expected a JSON array of modules");
        }
        Pooling pooling = null;
        boolean normalize = false;
        Map<String, INDArray> dense = null;
        for (int i = 0; i < modules.size(); i++) {
            JsonNode m = modules.get(i);
            String type = m.path("type").asText();
            String kind = type.substring(type.lastIndexOf('.') + 1);
            Path path = dir.resolve(m.path("path").asText(""));
            String where = modulesFile + ": module " + i + " (" + type + ")";
            switch (kind) {
                case "Transformer" -> {
                    if (i != 0 || !m.path("path").asText("").isEmpty()) {
                        throw new IOException(where + ": expected the Transformer first, at the folder's root (path \"\")");
                    }
                }
                case "Pooling" -> pooling = pooling(path.resolve("config.json"), config.hidden());
                case "Dense" -> {
                    if (pooling == null || dense != null || normalize) {
                        throw new IOException(where + ": expected one Dense module, after Pooling and before Normalize");
                    }
                    dense = dense(path, config.hidden());
                }
                case "Normalize" -> normalize = true;
                default -> throw new IOException(where + ": a module this library cannot run;"
                        + " expected Transformer, Pooling, Dense (identity activation) and Normalize");
            }
        }
        if (pooling == null) {
            throw new IOException(modulesFile + ": holds no Pooling module");
        }
        return new Layout(pooling, maxLength(dir, config), normalize, dense);
    }

    /** {@code max_seq_length}, else the tokenizer's {@code model_max_length}; never past the position table. */
    static int maxLength(Path dir, BertConfig config) throws IOException {
        Path st = dir.resolve(ST_CONFIG);
        if (Files.isRegularFile(st)) {
            JsonNode n = readJson(st).path("max_seq_length");
            if (n.isIntegralNumber()) {
                int v = n.asInt();
                if (v < 2 || v > config.maxPositions()) {
                    throw new IOException(st + ": max_seq_length is " + v + ", expected 2 to max_position_embeddings "
                            + config.maxPositions());
                }
                return v;
            }
        }
        Path tc = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(tc)) {
            JsonNode n = readJson(tc).path("model_max_length");
            if (n.isIntegralNumber() && n.asLong() >= 2) {
                return (int) Math.min(n.asLong(), config.maxPositions());
            }
        }
        return Math.min(512, config.maxPositions());
    }

    private static Pooling pooling(Path file, int hidden) throws IOException {
        JsonNode p = readJson(file);
        JsonNode width = p.has("word_embedding_dimension") ? p.get("word_embedding_dimension") : p.path("embedding_dimension");
        if (width.isIntegralNumber() && width.asInt() != hidden) {
            throw new IOException(file + ": embedding dimension " + width.asInt() + " differs from hidden_size " + hidden);
        }
        String mode = p.path("pooling_mode").asText("");
        if (mode.isEmpty()) {
            StringBuilder on = new StringBuilder();
            for (var it = p.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().startsWith("pooling_mode_") && e.getValue().asBoolean(false)) {
                    on.append(on.isEmpty() ? "" : "+").append(e.getKey().substring("pooling_mode_".length()));
                }
            }
            mode = on.toString();
        }
        return switch (mode) {
            case "mean", "mean_tokens" -> Pooling.MEAN;
            case "cls", "cls_token" -> Pooling.CLS;
            default -> throw new IOException(file + ": pooling mode '" + mode + "', expected mean or cls (the poolings this library has)");
        };
    }

    private static Map<String, INDArray> dense(Path dir, int hidden) throws IOException {
        Path file = dir.resolve("config.json");
        JsonNode c = readJson(file);
        String act = c.path("activation_function").asText("torch.nn.modules.activation.Tanh");
        if (!act.equals(IDENTITY)) {
            throw new IOException(file + ": activation_function '" + act + "', expected " + IDENTITY + " (a linear projection)");
        }
        if (!c.path("bias").asBoolean(true)) {
            throw new IOException(file + ": bias is false, expected a Dense layer with a bias");
        }
        if (c.path("in_features").asInt(hidden) != hidden) {
            throw new IOException(file + ": in_features " + c.path("in_features") + " differs from hidden_size " + hidden);
        }
        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new IOException("missing " + weights + " (the Dense module's weights; pytorch_model.bin is not read)");
        }
        Map<String, INDArray> w = SafeTensors.load(weights);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String k : List.of("weight", "bias")) {
            INDArray a = w.get("linear." + k);
            if (a == null) {
                throw new IOException(weights + ": missing tensor 'linear." + k + "'");
            }
            out.put(k, a);
        }
        return out;
    }

    private static void module(ArrayNode modules, String path, String type) {
        ObjectNode m = modules.addObject();
        m.put("idx", modules.size() - 1);
        m.put("name", Integer.toString(modules.size() - 1));
        m.put("path", path);
        m.put("type", type);
    }

    private static void json(Path file, JsonNode n) throws IOException {
        AtomicFiles.writeBytes(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    }

    static JsonNode readJson(Path file) throws IOException {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null) {
                throw new IOException(file + ": is empty, expected JSON");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }
}
