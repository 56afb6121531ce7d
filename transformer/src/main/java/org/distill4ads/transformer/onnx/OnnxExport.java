package org.distill4ads.transformer.onnx;

import static org.distill4ads.transformer.onnx.OnnxGraph.attr;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import onnx.Onnx;
import org.distill4ads.nn.io.AtomicFiles;
import org.distill4ads.transformer.model.BertConfig;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exports a bi-encoder or a cross-encoder as an ONNX model (opset {@value OnnxGraph#OPSET},
 * float32) that ONNX Runtime and other ONNX engines run without this library.
 *
 * <p>Inputs, all int64 {@code [batch, sequence]} with both axes dynamic: {@code input_ids},
 * {@code attention_mask} (1 for a token, 0 for padding) and {@code token_type_ids}, as Hugging
 * Face tokenizers give them (the model's tokenizer and max length stay the caller's: see
 * {@code tokenizer.json} in the saved folder). Outputs: a bi-encoder gives
 * {@code token_embeddings} [batch, sequence, hidden] (the last hidden state) and
 * {@code sentence_embedding} [batch, dim] (pooled, projected, L2-normalized, full width: a
 * Matryoshka size is its prefix, re-normalized); a cross-encoder gives {@code logits}
 * [batch, 1] and {@code scores} [batch] (the sigmoid: the probability of relevance).
 *
 * <p>Node names follow {@code torch.onnx.export}'s for BERT ({@code /encoder/layer.0/attention/self/query/MatMul}),
 * linear weights are stored transposed as MatMul's second input, and biases and LayerNorm
 * parameters keep their checkpoint names, so {@code OnnxBertImporter} reads the encoder back.
 * Attention masks padding by adding -1e9 to its scores before the softmax, so a padded
 * position gets weight exactly 0 in float32.
 */
public final class OnnxExport {
    private OnnxExport() {}

    /** The bi-encoder's item tower (the only one when siamese). */
    public static void biEncoder(BiEncoder model, Path file) throws IOException {
        biEncoder(model, false, file);
    }

    /** The keyphrase tower when {@code keyphraseTower} and the model has two, else the item tower. */
    public static void biEncoder(BiEncoder model, boolean keyphraseTower, Path file) throws IOException {
        BertEncoder tower = keyphraseTower ? model.keyphraseEncoder() : model.encoder();
        OnnxGraph g = new OnnxGraph("distill4ads_bi_encoder");
        Inputs in = inputs(g);
        String hidden = encoder(g, tower, in);
        Map<String, INDArray> state = model.stateDict();
        g.output("Identity", "token_embeddings", new String[] {hidden});
        BiEncoder.Settings s = model.settings();
        String pooled = pool(g, s.pooling(), hidden, in);
        if (s.projection() > 0) {
            pooled = linear(g, "/projection", pooled, state.get("projection.weight"), state.get("projection.bias"));
        }
        String sumSq = g.op("ReduceSum", new String[] {g.op("Mul", pooled, pooled), g.longs(false, 1)}, attr("keepdims", 1L));
        String norm = g.op("Max", g.op("Sqrt", sumSq), g.scalar(1e-12f));
        g.output("Div", "sentence_embedding", new String[] {pooled, norm});
        g.declareOutput("token_embeddings", Onnx.TensorProto.DataType.FLOAT, "batch", "sequence", (long) tower.config().hidden());
        g.declareOutput("sentence_embedding", Onnx.TensorProto.DataType.FLOAT, "batch", (long) model.dimension());
        write(g.model("distill4ads bi-encoder: pooling " + s.pooling() + ", projection " + s.projection()
                + ", max length " + s.maxLength() + "; sentence_embedding is L2-normalized"), file);
    }

    public static void crossEncoder(CrossEncoder model, Path file) throws IOException {
        OnnxGraph g = new OnnxGraph("distill4ads_cross_encoder");
        Inputs in = inputs(g);
        String hidden = encoder(g, model.encoder(), in);
        Map<String, INDArray> state = model.stateDict();
        String pooled = pool(g, model.pooling(), hidden, in);
        if (model.hasPooler()) {
            pooled = g.op("Tanh", linear(g, "/pooler/dense", pooled, state.get("pooler.dense.weight"), state.get("pooler.dense.bias")));
        }
        String logits = linear(g, "/classifier", pooled, state.get("classifier.weight"), state.get("classifier.bias"));
        g.output("Identity", "logits", new String[] {logits});
        g.output("Sigmoid", "scores", new String[] {g.op("Squeeze", logits, g.longs(false, 1))});
        g.declareOutput("logits", Onnx.TensorProto.DataType.FLOAT, "batch", 1L);
        g.declareOutput("scores", Onnx.TensorProto.DataType.FLOAT, "batch");
        write(g.model("distill4ads cross-encoder: pooling " + model.pooling() + (model.hasPooler() ? " + pooler" : "")
                + ", max length " + model.maxLength() + "; scores = sigmoid(logits)"), file);
    }

    private record Inputs(String ids, String mask, String types, String maskFloat, String maskBias) {}

    private static Inputs inputs(OnnxGraph g) {
        g.input("input_ids", Onnx.TensorProto.DataType.INT64, "batch", "sequence");
        g.input("attention_mask", Onnx.TensorProto.DataType.INT64, "batch", "sequence");
        g.input("token_type_ids", Onnx.TensorProto.DataType.INT64, "batch", "sequence");
        String m = g.op("Cast", new String[] {"attention_mask"}, attr("to", (long) Onnx.TensorProto.DataType.FLOAT.getNumber()));
        // (1 - mask) * -1e9, as [batch, 1, 1, sequence] to broadcast over heads and query positions
        String bias = g.op("Mul", g.op("Sub", g.scalar(1f), m), g.scalar(-1e9f));
        return new Inputs("input_ids", "attention_mask", "token_type_ids", m, g.op("Unsqueeze", bias, g.longs(false, 1, 2)));
    }

    /** Embeddings and every block: the last hidden state [batch, sequence, hidden]. */
    private static String encoder(OnnxGraph g, BertEncoder enc, Inputs in) {
        BertConfig c = enc.config();
        Map<String, INDArray> w = enc.stateDict();
        float eps = (float) c.layerNormEps();
        String words = g.node("Gather", "/embeddings/word_embeddings/Gather",
                new String[] {g.weight("embeddings.word_embeddings.weight", w.get("embeddings.word_embeddings.weight")), in.ids()});
        String length = g.op("Gather", new String[] {g.op("Shape", in.ids()), g.longs(true, 1)}, attr("axis", 0L));
        String positions = g.op("Range", g.longs(true, 0), length, g.longs(true, 1));
        String pos = g.node("Gather", "/embeddings/position_embeddings/Gather",
                new String[] {g.weight("embeddings.position_embeddings.weight", w.get("embeddings.position_embeddings.weight")), positions});
        String types = g.node("Gather", "/embeddings/token_type_embeddings/Gather",
                new String[] {g.weight("embeddings.token_type_embeddings.weight", w.get("embeddings.token_type_embeddings.weight")), in.types()});
        String x = layerNorm(g, "embeddings.LayerNorm", g.op("Add", g.op("Add", words, pos), types), w, eps);
        long heads = c.heads();
        long size = c.headSize();
        String split = g.longs(false, 0, 0, heads, size);
        String merge = g.longs(false, 0, 0, c.hidden());
        String scale = g.scalar((float) (1.0 / Math.sqrt(size)));
        for (int i = 0; i < c.layers(); i++) {
            String p = "encoder.layer." + i + ".";
            String q = heads(g, linear(g, p + "attention.self.query", x, w), split, 0, 2, 1, 3);
            String k = heads(g, linear(g, p + "attention.self.key", x, w), split, 0, 2, 3, 1);
            String v = heads(g, linear(g, p + "attention.self.value", x, w), split, 0, 2, 1, 3);
            String scores = g.op("Add", g.op("Mul", g.op("MatMul", q, k), scale), in.maskBias());   // [B, nh, T, T]
            String probs = g.op("Softmax", new String[] {scores}, attr("axis", -1L));
            String context = g.op("Reshape", g.op("Transpose", new String[] {g.op("MatMul", probs, v)}, attr("perm", 0L, 2L, 1L, 3L)), merge);
            String attended = layerNorm(g, p + "attention.output.LayerNorm",
                    g.op("Add", linear(g, p + "attention.output.dense", context, w), x), w, eps);
            String inter = linear(g, p + "intermediate.dense", attended, w);
            // exact GELU: 0.5 x (1 + erf(x / sqrt 2))
            String gelu = g.op("Mul", g.op("Mul", inter, g.scalar(0.5f)),
                    g.op("Add", g.op("Erf", g.op("Div", inter, g.scalar((float) Math.sqrt(2)))), g.scalar(1f)));
            x = layerNorm(g, p + "output.LayerNorm", g.op("Add", linear(g, p + "output.dense", gelu, w), attended), w, eps);
        }
        return x;
    }

    /** [B, T, H] → [B, heads, T, size] (perm 0 2 1 3) or its transpose [B, heads, size, T] (perm 0 2 3 1). */
    private static String heads(OnnxGraph g, String x, String split, long... perm) {
        return g.op("Transpose", new String[] {g.op("Reshape", x, split)}, attr("perm", perm));
    }

    private static String pool(OnnxGraph g, Pooling pooling, String hidden, Inputs in) {
        if (pooling == Pooling.CLS) {
            return g.op("Gather", new String[] {hidden, g.longs(true, 0)}, attr("axis", 1L));
        }
        String m = g.op("Unsqueeze", in.maskFloat(), g.longs(false, 2));                                 // [B, T, 1]
        String sum = g.op("ReduceSum", new String[] {g.op("Mul", hidden, m), g.longs(false, 1)}, attr("keepdims", 0L));
        String count = g.op("ReduceSum", new String[] {m, g.longs(false, 1)}, attr("keepdims", 0L));    // [B, 1]
        return g.op("Div", sum, g.op("Max", count, g.scalar(1e-9f)));
    }

    private static String linear(OnnxGraph g, String key, String x, Map<String, INDArray> w) {
        return linear(g, "/" + key.replace("encoder.layer.", "encoder/layer.").replace('.', '/').replace("layer/", "layer."),
                x, w.get(key + ".weight"), w.get(key + ".bias"), key);
    }

    private static String linear(OnnxGraph g, String path, String x, INDArray weight, INDArray bias) {
        return linear(g, path, x, weight, bias, path.substring(1).replace('/', '.'));
    }

    /** x W^T + b: MatMul named {@code path/MatMul} with the transposed weight, then Add with the bias. */
    private static String linear(OnnxGraph g, String path, String x, INDArray weight, INDArray bias, String key) {
        String wt = g.weight("onnx::MatMul_" + key, weight.transpose());
        String y = g.node("MatMul", path + "/MatMul", new String[] {x, wt});
        return g.node("Add", path + "/Add", new String[] {g.weight(key + ".bias", bias), y});
    }

    private static String layerNorm(OnnxGraph g, String key, String x, Map<String, INDArray> w, float eps) {
        return g.node("LayerNormalization", "/" + key.replace('.', '/').replace("layer/", "layer.") + "/LayerNormalization",
                new String[] {x, g.weight(key + ".weight", w.get(key + ".weight")), g.weight(key + ".bias", w.get(key + ".bias"))},
                attr("axis", -1L), attr("epsilon", eps));
    }

    private static void write(Onnx.ModelProto model, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        AtomicFiles.writeBytes(file, model.toByteArray());
    }
}
